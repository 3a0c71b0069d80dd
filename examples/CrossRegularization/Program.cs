using DslCrossReg.Examples;
using DslCrossReg.Examples.CrossRegularization;

var command = new ExampleCommand("cross-regularization",
    "Scenario 1: two views of each MNIST digit, regularised by embedding distance, an adversarial discriminator or distillation; same seed and budget.",
    defaultEpochs: 3);
return command.Invoke(args, CrossRegularizationApp.Run);
