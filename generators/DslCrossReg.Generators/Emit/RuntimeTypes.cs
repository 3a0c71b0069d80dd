namespace DslCrossReg.Generators.Emit;

/// <summary>
/// The fully qualified names the generated code calls the runtime by, always from <c>global::</c> so that no type of
/// the user's can capture them.
/// </summary>
internal static class RuntimeTypes
{
    public const string Tensor = "global::TorchSharp.torch.Tensor";
    public const string Torch = "global::TorchSharp.torch";
    public const string Training = "global::DslCrossReg.Training";
    public const string Losses = "global::DslCrossReg.Losses";
    public const string Optimizer = "global::TorchSharp.torch.optim.Optimizer";

    // Argument exceptions whose message is the sentence alone, without .NET's " (Parameter 'name')" line.
    public const string Arguments = "global::DslCrossReg.ArgumentErrors";
}
