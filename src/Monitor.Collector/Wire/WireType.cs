namespace Monitor.Collector.Wire;

/// <summary>The protobuf wire types (protobuf encoding guide, "Message Structure").</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}
