using CsCheck;

namespace Monitor.TestSupport;

/// <summary>
/// Inputs for the fuzz tests: valid requests mutated the way broken and hostile clients mutate
/// them (bytes flipped, cut, repeated, inserted, removed), and bytes with no structure at all.
/// CsCheck shrinks a failing input to a small one, which the test writes to the corpus.
/// </summary>
internal static class Mutations
{
    private static readonly Gen<(int Kind, int Position, byte Value, int Length)> Operation =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Int[1, 64]);

    /// <summary>A seed, changed by one to eight operations.</summary>
    public static Gen<byte[]> Of(IReadOnlyList<byte[]> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Operation.Array[1, 8], (index, operations) => Apply(seeds[index], operations));

    /// <summary>Mutated seeds four times out of five, random bytes otherwise.</summary>
    public static Gen<byte[]> OfOrRandom(IReadOnlyList<byte[]> seeds) => Gen.Frequency((4, Of(seeds)), (1, Gen.Byte.Array[0, 512]));

    private static byte[] Apply(byte[] seed, (int Kind, int Position, byte Value, int Length)[] operations)
    {
        var bytes = new List<byte>(seed);
        foreach (var (kind, position, value, length) in operations)
        {
            var at = bytes.Count == 0 ? 0 : position % bytes.Count;
            switch (kind)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= value == 0 ? (byte)1 : value;
                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2:
                    bytes.InsertRange(at, Enumerable.Repeat(value, length));
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(length, bytes.Count - at));
                    break;
                case 4 when bytes.Count > 0:
                    // A slice repeated: protobuf fields and JSON values appear twice.
                    var slice = bytes.GetRange(at, Math.Min(length, bytes.Count - at));
                    bytes.InsertRange(at, slice);
                    break;
            }
        }
        return [.. bytes];
    }
}
