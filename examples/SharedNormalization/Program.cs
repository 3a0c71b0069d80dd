using DslCrossReg.Examples;
using DslCrossReg.Examples.SharedNormalization;

var command = new ExampleCommand("shared-normalization",
    "Scenario 3: two identical MLPs regress one-hot digits through range, per-sample and shared standardisation, with the same seed and budget.",
    defaultEpochs: 8);
return command.Invoke(args, SharedNormalizationApp.Run);
