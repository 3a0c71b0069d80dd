using DslCrossReg;
using static DslCrossReg.Layers;

/// <summary>A network in the global namespace: the generated code must name itself without a namespace.</summary>
[Network]
public partial class GlobalNamespaceNet
{
    internal static Layer Architecture => Input(4, 2) >> Flatten >> Linear(2).Tap("logits");
}

namespace DslCrossReg.Integration.Tests.Networks.Qualified
{
    /// <summary>A block-scoped namespace, qualified DSL calls and a folded constant probability.</summary>
    [Network]
    internal partial class QualifiedCalls
    {
        internal static Layer Architecture =>
            DslCrossReg.Layers.Input(4) >> global::DslCrossReg.Layers.Linear(8) >> Layers.Dropout(1.0 / 3) >> Linear(2);
    }
}
