using DslCrossReg.Examples;
using DslCrossReg.Examples.ContrastivePairs;

var command = new ExampleCommand("contrastive-pairs",
    "Scenario 4: two encoders read the two halves of MNIST digits and learn, inside one contrastive loss, whether the halves come from the same class.",
    defaultEpochs: 4);
return command.Invoke(args, ContrastivePairsApp.Run);
