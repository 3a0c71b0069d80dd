using System;

namespace DslCrossReg;

/// <summary>
/// Marks a partial class as a network: the class holds one static <see cref="Layer"/> member (by convention
/// <c>static Layer Architecture =&gt; Input(...) &gt;&gt; ...</c>) and the DslCrossReg generator turns it into a
/// TorchSharp module with typed outputs, compile-time shapes and input validation.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class NetworkAttribute : Attribute
{
}
