using System.Collections.Generic;
using System.Linq;
using DslCrossReg.Integration.Tests.Networks;
using DslCrossReg.Integration.Tests.Networks.Qualified;
using Xunit;

namespace DslCrossReg.Integration.Tests.Catalog;

/// <summary>
/// Every <c>[Network]</c> class of this project, each with its generated constants referenced by name: a constant
/// the generator failed to emit is a compile error here, not a skipped test.
/// </summary>
public static class NetworkCatalog
{
    /// <summary>All networks by class name.</summary>
    public static IReadOnlyDictionary<string, NetworkCase> All { get; } = new[]
    {
        NetworkCase.Of<TappedMlp, TappedMlp.Output>(TappedMlp.Architecture, () => new TappedMlp(), o => o.Result,
            TappedMlp.InputShape, TappedMlp.OutputShape, TappedMlp.OutputSize, TappedMlp.ParameterCount,
            ("hidden", o => o.Hidden, TappedMlp.HiddenShape, TappedMlp.HiddenSize),
            ("features", o => o.Features, TappedMlp.FeaturesShape, TappedMlp.FeaturesSize),
            ("logits", o => o.Logits, TappedMlp.LogitsShape, TappedMlp.LogitsSize)),
        NetworkCase.Of<ActivationZoo, ActivationZoo.Output>(ActivationZoo.Architecture, () => new ActivationZoo(), o => o.Result,
            ActivationZoo.InputShape, ActivationZoo.OutputShape, ActivationZoo.OutputSize, ActivationZoo.ParameterCount,
            ("scores", o => o.Scores, ActivationZoo.ScoresShape, ActivationZoo.ScoresSize)),
        NetworkCase.Of<DropoutMlp, DropoutMlp.Output>(DropoutMlp.Architecture, () => new DropoutMlp(), o => o.Result,
            DropoutMlp.InputShape, DropoutMlp.OutputShape, DropoutMlp.OutputSize, DropoutMlp.ParameterCount,
            ("dropped", o => o.Dropped, DropoutMlp.DroppedShape, DropoutMlp.DroppedSize)),
        NetworkCase.Of<BatchNormMlp, BatchNormMlp.Output>(BatchNormMlp.Architecture, () => new BatchNormMlp(), o => o.Result,
            BatchNormMlp.InputShape, BatchNormMlp.OutputShape, BatchNormMlp.OutputSize, BatchNormMlp.ParameterCount),
        NetworkCase.Of<NormalisedMlp, NormalisedMlp.Output>(NormalisedMlp.Architecture, () => new NormalisedMlp(), o => o.Result,
            NormalisedMlp.InputShape, NormalisedMlp.OutputShape, NormalisedMlp.OutputSize, NormalisedMlp.ParameterCount,
            ("raw", o => o.Raw, NormalisedMlp.RawShape, NormalisedMlp.RawSize),
            ("z", o => o.Z, NormalisedMlp.ZShape, NormalisedMlp.ZSize)),
        NetworkCase.Of<StandardisedInput, StandardisedInput.Output>(StandardisedInput.Architecture, () => new StandardisedInput(), o => o.Result,
            StandardisedInput.InputShape, StandardisedInput.OutputShape, StandardisedInput.OutputSize, StandardisedInput.ParameterCount),
        NetworkCase.Of<Classifier, Classifier.Output>(Classifier.Architecture, () => new Classifier(), o => o.Result,
            Classifier.InputShape, Classifier.OutputShape, Classifier.OutputSize, Classifier.ParameterCount,
            ("embedding", o => o.Embedding, Classifier.EmbeddingShape, Classifier.EmbeddingSize)),
        NetworkCase.Of<LeftView, LeftView.Output>(LeftView.Architecture, () => new LeftView(), o => o.Result,
            LeftView.InputShape, LeftView.OutputShape, LeftView.OutputSize, LeftView.ParameterCount,
            ("embedding", o => o.Embedding, LeftView.EmbeddingShape, LeftView.EmbeddingSize)),
        NetworkCase.Of<StridedConv, StridedConv.Output>(StridedConv.Architecture, () => new StridedConv(), o => o.Result,
            StridedConv.InputShape, StridedConv.OutputShape, StridedConv.OutputSize, StridedConv.ParameterCount,
            ("features", o => o.Features, StridedConv.FeaturesShape, StridedConv.FeaturesSize)),
        NetworkCase.Of<PoolingNet, PoolingNet.Output>(PoolingNet.Architecture, () => new PoolingNet(), o => o.Result,
            PoolingNet.InputShape, PoolingNet.OutputShape, PoolingNet.OutputSize, PoolingNet.ParameterCount,
            ("pooled", o => o.Pooled, PoolingNet.PooledShape, PoolingNet.PooledSize)),
        NetworkCase.Of<SignalConv, SignalConv.Output>(SignalConv.Architecture, () => new SignalConv(), o => o.Result,
            SignalConv.InputShape, SignalConv.OutputShape, SignalConv.OutputSize, SignalConv.ParameterCount,
            ("normalised", o => o.Normalised, SignalConv.NormalisedShape, SignalConv.NormalisedSize)),
        NetworkCase.Of<ResidualMlp, ResidualMlp.Output>(ResidualMlp.Architecture, () => new ResidualMlp(), o => o.Result,
            ResidualMlp.InputShape, ResidualMlp.OutputShape, ResidualMlp.OutputSize, ResidualMlp.ParameterCount,
            ("block", o => o.Block, ResidualMlp.BlockShape, ResidualMlp.BlockSize)),
        NetworkCase.Of<NestedResidual, NestedResidual.Output>(NestedResidual.Architecture, () => new NestedResidual(), o => o.Result,
            NestedResidual.InputShape, NestedResidual.OutputShape, NestedResidual.OutputSize, NestedResidual.ParameterCount,
            ("deep", o => o.Deep, NestedResidual.DeepShape, NestedResidual.DeepSize)),
        NetworkCase.Of<NamedBlocks, NamedBlocks.Output>(NamedBlocks.Architecture, () => new NamedBlocks(), o => o.Result,
            NamedBlocks.InputShape, NamedBlocks.OutputShape, NamedBlocks.OutputSize, NamedBlocks.ParameterCount,
            ("block", o => o.Block, NamedBlocks.BlockShape, NamedBlocks.BlockSize)),
        NetworkCase.Of<ConvResidual, ConvResidual.Output>(ConvResidual.Architecture, () => new ConvResidual(), o => o.Result,
            ConvResidual.InputShape, ConvResidual.OutputShape, ConvResidual.OutputSize, ConvResidual.ParameterCount),
        NetworkCase.Of<LstmEncoder, LstmEncoder.Output>(LstmEncoder.Architecture, () => new LstmEncoder(), o => o.Result,
            LstmEncoder.InputShape, LstmEncoder.OutputShape, LstmEncoder.OutputSize, LstmEncoder.ParameterCount,
            ("sentence", o => o.Sentence, LstmEncoder.SentenceShape, LstmEncoder.SentenceSize)),
        NetworkCase.Of<GruEncoder, GruEncoder.Output>(GruEncoder.Architecture, () => new GruEncoder(), o => o.Result,
            GruEncoder.InputShape, GruEncoder.OutputShape, GruEncoder.OutputSize, GruEncoder.ParameterCount,
            ("vectors", o => o.Vectors, GruEncoder.VectorsShape, GruEncoder.VectorsSize)),
        NetworkCase.Of<BagOfEmbeddings, BagOfEmbeddings.Output>(BagOfEmbeddings.Architecture, () => new BagOfEmbeddings(), o => o.Result,
            BagOfEmbeddings.InputShape, BagOfEmbeddings.OutputShape, BagOfEmbeddings.OutputSize, BagOfEmbeddings.ParameterCount),
        NetworkCase.Of<SequenceLstm, SequenceLstm.Output>(SequenceLstm.Architecture, () => new SequenceLstm(), o => o.Result,
            SequenceLstm.InputShape, SequenceLstm.OutputShape, SequenceLstm.OutputSize, SequenceLstm.ParameterCount,
            ("steps", o => o.Steps, SequenceLstm.StepsShape, SequenceLstm.StepsSize)),
        NetworkCase.Of<AwkwardTapNames, AwkwardTapNames.Output>(AwkwardTapNames.Architecture, () => new AwkwardTapNames(), o => o.Result,
            AwkwardTapNames.InputShape, AwkwardTapNames.OutputShape, AwkwardTapNames.OutputSize, AwkwardTapNames.ParameterCount,
            ("inner", o => o.Inner, AwkwardTapNames.InnerShape, AwkwardTapNames.InnerSize),
            ("relu1", o => o.Relu1, AwkwardTapNames.Relu1Shape, AwkwardTapNames.Relu1Size),
            ("x", o => o.X, AwkwardTapNames.XShape, AwkwardTapNames.XSize),
            ("linear3", o => o.Linear3, AwkwardTapNames.Linear3Shape, AwkwardTapNames.Linear3Size)),
        NetworkCase.Of<NamedArguments, NamedArguments.Output>(NamedArguments.Architecture, () => new NamedArguments(), o => o.Result,
            NamedArguments.InputShape, NamedArguments.OutputShape, NamedArguments.OutputSize, NamedArguments.ParameterCount),
        NetworkCase.Of<GlobalNamespaceNet, GlobalNamespaceNet.Output>(GlobalNamespaceNet.Architecture, () => new GlobalNamespaceNet(), o => o.Result,
            GlobalNamespaceNet.InputShape, GlobalNamespaceNet.OutputShape, GlobalNamespaceNet.OutputSize, GlobalNamespaceNet.ParameterCount,
            ("logits", o => o.Logits, GlobalNamespaceNet.LogitsShape, GlobalNamespaceNet.LogitsSize)),
        NetworkCase.Of<QualifiedCalls, QualifiedCalls.Output>(QualifiedCalls.Architecture, () => new QualifiedCalls(), o => o.Result,
            QualifiedCalls.InputShape, QualifiedCalls.OutputShape, QualifiedCalls.OutputSize, QualifiedCalls.ParameterCount),
        // User modules: no ParameterCount is generated (only the module knows its parameters).
        NetworkCase.Of<GatedMlp, GatedMlp.Output>(GatedMlp.Architecture, () => new GatedMlp(), o => o.Result,
            GatedMlp.InputShape, GatedMlp.OutputShape, GatedMlp.OutputSize, null,
            ("gated", o => o.Gated, GatedMlp.GatedShape, GatedMlp.GatedSize)),
        NetworkCase.Of<AttentionOverSteps, AttentionOverSteps.Output>(AttentionOverSteps.Architecture, () => new AttentionOverSteps(), o => o.Result,
            AttentionOverSteps.InputShape, AttentionOverSteps.OutputShape, AttentionOverSteps.OutputSize, null,
            ("attended", o => o.Attended, AttentionOverSteps.AttendedShape, AttentionOverSteps.AttendedSize)),
        NetworkCase.Of<TransformerText, TransformerText.Output>(TransformerText.Architecture, () => new TransformerText(), o => o.Result,
            TransformerText.InputShape, TransformerText.OutputShape, TransformerText.OutputSize, TransformerText.ParameterCount,
            ("first", o => o.First, TransformerText.FirstShape, TransformerText.FirstSize)),
    }.ToDictionary(c => c.Name);

    /// <summary>The class names, as xunit theory data (strings serialise, so each network is its own test case).</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in All.Keys) data.Add(name);
            return data;
        }
    }

    /// <summary>The names of the networks that hold a Dropout.</summary>
    public static TheoryData<string> WithDropout
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in All.Values.Where(c => c.HasDropout).Select(c => c.Name)) data.Add(name);
            return data;
        }
    }
}
