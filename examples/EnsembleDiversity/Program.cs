using DslCrossReg.Examples;
using DslCrossReg.Examples.EnsembleDiversity;

var command = new ExampleCommand("EnsembleDiversity",
    "Scenario 2: a second MNIST network trained against a trained, frozen first one; parameter distance and output disagreement compared with an independent partner.",
    defaultEpochs: 4);
return command.Invoke(args, EnsembleDiversityApp.Run);
