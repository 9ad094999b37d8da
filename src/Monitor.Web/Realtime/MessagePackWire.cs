using MessagePack;
using MessagePack.Resolvers;

namespace Monitor.Web.Realtime;

/// <summary>
/// The hub's MessagePack encoding: enums as strings and the data records (which carry no
/// MessagePack attributes) by property name, so a .NET client deserialises them into the same types.
/// Keys are the C# property names (PascalCase); JSON clients get camelCase.
/// </summary>
internal static class MessagePackWire
{
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(DynamicEnumAsStringResolver.Instance, ContractlessStandardResolver.Instance))
        .WithSecurity(MessagePackSecurity.UntrustedData);
}
