using System.Collections.Generic;
using System.Linq;

namespace DslCrossReg.Shapes;

/// <summary>
/// The one place shapes are inferred and checked. The runtime calls it when a <c>Layer</c> is built or
/// interpreted; the source generator calls it on the declaration to report diagnostics while the user types.
/// Layers are numbered from 0 after Input, as their module names are (<c>linear4</c> is layer 4).
/// </summary>
public static class ShapeRules
{
    /// <summary>Infers the shape after every layer of <paramref name="pipeline"/>, stopping at the first broken rule.</summary>
    public static ShapeInference Infer(IReadOnlyList<LayerSpec> pipeline)
    {
        var shapes = new List<TensorShape>();
        var taps = new List<KeyValuePair<string, TensorShape>>();
        if (pipeline.Count == 0 || pipeline[0].Kind != LayerKind.Input)
            return Fail(shapes, taps, ShapeErrorKind.InvalidPipeline, new int[0], "the pipeline must start with Input(...) or TokenInput(...)"
                + (pipeline.Count == 0 ? string.Empty : ", not " + pipeline[0].Display()));

        var input = pipeline[0];
        if (input.Sizes.Count == 0)
            return Fail(shapes, taps, ShapeErrorKind.InvalidParameter, new[] { 0 }, input.Display() + ": the input shape needs at least one dimension");
        if (NonPositive(input.Sizes) is { } badDim)
            return Fail(shapes, taps, ShapeErrorKind.InvalidParameter, new[] { 0 },
                input.Display() + ": every input dimension must be positive, got " + InvariantNumbers.Integer(badDim));
        if (pipeline.Count == 1)
            return Fail(shapes, taps, ShapeErrorKind.InvalidPipeline, new[] { 0 }, "the pipeline has no layer after " + input.Display());

        var shape = new TensorShape(input.InputElementType, input.Sizes);
        // Token ids go straight into an Embedding (any other first layer is an error below): its vocabulary bounds them.
        if (shape.ElementType == ElementType.Int64 && pipeline[1].Kind == LayerKind.Embedding && pipeline[1].Sizes.Count > 0 && pipeline[1].Vocabulary > 0)
            shape = shape.WithVocabulary(pipeline[1].Vocabulary);
        shapes.Add(shape);
        var tapOwners = new Dictionary<string, int>();
        if (input.Tap is not null)
            return Fail(shapes, taps, ShapeErrorKind.InvalidPipeline, new[] { 0 }, input.Display() + ": the input cannot be tapped; tap a layer after it");

        for (int i = 1; i < pipeline.Count; i++)
        {
            var layer = pipeline[i];
            string label = "layer " + InvariantNumbers.Integer(i - 1);
            string where = label + " " + layer.Display();
            var step = Apply(layer, shape, label, new[] { i });
            if (step.Error is not null) return Fail(shapes, taps, step.Error);
            shape = step.Shape!;
            shapes.Add(shape);
            if (layer.Tap is not null)
            {
                if (tapOwners.TryGetValue(layer.Tap, out var owner))
                    return Fail(shapes, taps, ShapeErrorKind.DuplicateTap, new[] { i },
                        where + ": tap name '" + layer.Tap + "' is already used by layer " + InvariantNumbers.Integer(owner - 1));
                tapOwners[layer.Tap] = i;
                taps.Add(new KeyValuePair<string, TensorShape>(layer.Tap, shape));
            }
        }
        if (NameError(pipeline) is { } nameError) return Fail(shapes, taps, nameError);
        return new ShapeInference(shapes, taps, null);
    }

    // Every layer's module name (LayerNames) must be one a module can be registered under, and no two layers may
    // share one: a name is a field of the generated module and the key prefix of its tensors.
    private static ShapeError? NameError(IReadOnlyList<LayerSpec> pipeline)
    {
        if (pipeline[0].Name is not null)
            return new ShapeError(ShapeErrorKind.InvalidPipeline, new[] { 0 }, pipeline[0].Display() + ": the input has no module to name; name a layer after it");
        return NameError(pipeline.Skip(1).ToList(), parent: null, new int[0], string.Empty, new Dictionary<string, string>());
    }

    private static ShapeError? NameError(IReadOnlyList<LayerSpec> layers, string? parent, int[] outerPath, string outerLabel, Dictionary<string, string> owners)
    {
        for (int j = 0; j < layers.Count; j++)
        {
            var layer = layers[j];
            // Top-level layers sit after Input in the pipeline (index j + 1); inner ones at their own index.
            var path = outerPath.Concat(new[] { parent is null ? j + 1 : j }).ToArray();
            string label = (parent is null ? "layer " : outerLabel + " Residual, inner layer ") + InvariantNumbers.Integer(j);
            string name = LayerNames.Of(layer, j, parent);
            if (layer.Name is not null && !LayerNames.IsValid(layer.Name))
                return new ShapeError(ShapeErrorKind.InvalidName, path, label + " " + layer.DisplayWithName() + ": '" + layer.Name
                    + "' is not a layer name; use letters, digits and underscores, starting with a letter or an underscore");
            if (owners.TryGetValue(name, out var owner))
                return new ShapeError(ShapeErrorKind.InvalidName, path, label + " " + layer.DisplayWithName() + ": the name '" + name + "'"
                    + (layer.Name is null && layer.Tap == name ? " (its tap's)" : string.Empty) + " is already used by " + owner);
            owners[name] = label;
            if (layer.Kind == LayerKind.Residual && NameError(layer.Inner, name, path, label, owners) is { } inner) return inner;
        }
        return null;
    }

    /// <summary>The shape <paramref name="layer"/> produces from <paramref name="input"/>, or the rule it breaks.</summary>
    public static ShapeError? TryApply(LayerSpec layer, TensorShape input, out TensorShape? output)
    {
        var step = Apply(layer, input, "layer", new int[0]);
        output = step.Shape;
        return step.Error;
    }

    /// <summary>
    /// The number of trainable parameters of <paramref name="layer"/> given its input shape. A user's Module counts 0
    /// here: its parameters are known only to the module (see <see cref="LayerSpec.ContainsModule"/>).
    /// </summary>
    public static long ParameterCount(LayerSpec layer, TensorShape input)
    {
        long inFeatures = input.Rank == 0 ? 0 : input.Dims[layer.Kind is LayerKind.Conv1d or LayerKind.Conv2d or LayerKind.BatchNorm1d or LayerKind.BatchNorm2d ? 0 : input.Rank - 1];
        long h = layer.Kind is LayerKind.LSTM or LayerKind.GRU ? layer.Out : 0;
        switch (layer.Kind)
        {
            case LayerKind.Linear: return (inFeatures * layer.Out) + layer.Out;
            case LayerKind.Conv1d: return (layer.Out * inFeatures * layer.Kernel) + layer.Out;
            case LayerKind.Conv2d: return (layer.Out * inFeatures * layer.Kernel * layer.Kernel) + layer.Out;
            case LayerKind.BatchNorm1d:
            case LayerKind.BatchNorm2d:
            case LayerKind.LayerNorm: return 2 * inFeatures;
            case LayerKind.Embedding: return (long)layer.Vocabulary * layer.Out;
            // Gates × (input weights + recurrent weights + the two bias vectors PyTorch keeps).
            case LayerKind.LSTM: return 4 * h * (inFeatures + h + 2);
            case LayerKind.GRU: return 3 * h * (inFeatures + h + 2);
            // The query, key and value projections (in_proj) and the output projection (out_proj), each F × F plus a bias.
            case LayerKind.MultiheadAttention: return 4 * inFeatures * (inFeatures + 1);
            // Self-attention, then linear1 (F → feedforward), linear2 (back to F) and two LayerNorms' scales and shifts.
            case LayerKind.TransformerEncoderLayer:
                return (4 * inFeatures * (inFeatures + 1)) + (2 * inFeatures * (long)layer.Feedforward) + layer.Feedforward + inFeatures + (4 * inFeatures);
            case LayerKind.Residual:
            {
                long total = 0;
                var shape = input;
                foreach (var innerLayer in layer.Inner)
                {
                    total += ParameterCount(innerLayer, shape);
                    var step = Apply(innerLayer, shape, "inner", new int[0]);
                    if (step.Shape is null) break;
                    shape = step.Shape;
                }
                return total;
            }
            default: return 0;
        }
    }

    // label: how the layer is referred to in messages, e.g. "layer 3" or "layer 3 Residual, inner layer 1".
    private static Step Apply(LayerSpec layer, TensorShape x, string label, int[] path)
    {
        string where = label + " " + layer.Display();
        if (layer.Kind == LayerKind.Input)
            return Error(ShapeErrorKind.InvalidPipeline, path, where + ": Input may only start a pipeline");

        // A user's Module reads whatever it is given, token ids included; every other layer but Embedding reads floats.
        if (x.ElementType == ElementType.Int64 && layer.Kind is not (LayerKind.Embedding or LayerKind.Module))
            return Error(ShapeErrorKind.ShapeMismatch, path, where + " expects Float32 input but receives Int64 token ids " + x + "; start with Embedding(vocabulary, dim)");

        switch (layer.Kind)
        {
            case LayerKind.Linear:
                if (NonPositive(layer.Sizes) is { } badLinear)
                    return Error(ShapeErrorKind.InvalidParameter, path, where + ": sizes must be positive, got " + InvariantNumbers.Integer(badLinear));
                if (layer.InFeatures is int declared && declared != x.Last)
                    return Mismatch(where, x.With(Replace(x.Dims, x.Rank - 1, declared)), x, path);
                return Ok(x.With(Replace(x.Dims, x.Rank - 1, layer.Out)));

            case LayerKind.Conv1d:
            case LayerKind.Conv2d:
            {
                int spatial = layer.Kind == LayerKind.Conv1d ? 1 : 2;
                if (x.Rank != spatial + 1)
                    return Error(ShapeErrorKind.ShapeMismatch, path, where + " expects input " + (spatial == 1 ? "[*, C, L]" : "[*, C, H, W]") + " but receives " + x);
                if (Positive(where, "output channels", layer.Out, path) is { } badConv) return badConv;
                if (Positive(where, "kernel", layer.Kernel, path) is { } badKernel) return badKernel;
                if (Positive(where, "stride", layer.Stride, path) is { } badStride) return badStride;
                if (layer.Padding < 0)
                    return Error(ShapeErrorKind.InvalidParameter, path, where + ": padding must not be negative, got " + InvariantNumbers.Integer(layer.Padding));
                var dims = new List<int> { layer.Out };
                for (int axis = 1; axis <= spatial; axis++)
                {
                    long padded = x.Dims[axis] + (2L * layer.Padding);
                    if (layer.Kernel > padded)
                        return Error(ShapeErrorKind.InvalidParameter, path,
                            where + ": kernel " + InvariantNumbers.Integer(layer.Kernel) + " is larger than the padded " + SpatialAxis(spatial, axis) + " " + InvariantNumbers.Integer(padded) + " of input " + x);
                    long size = ((padded - layer.Kernel) / layer.Stride) + 1;
                    if (size > int.MaxValue)
                        return Error(ShapeErrorKind.InvalidParameter, path, where + ": padding " + InvariantNumbers.Integer(layer.Padding) + " makes the output larger than " + InvariantNumbers.Integer(int.MaxValue));
                    dims.Add((int)size);
                }
                return Ok(x.With(dims.ToArray()));
            }

            case LayerKind.MaxPool2d:
            case LayerKind.AvgPool2d:
            {
                if (x.Rank != 3)
                    return Error(ShapeErrorKind.ShapeMismatch, path, where + " expects input [*, C, H, W] but receives " + x);
                if (Positive(where, "kernel", layer.Kernel, path) is { } badKernel) return badKernel;
                if (Positive(where, "stride", layer.Stride, path) is { } badStride) return badStride;
                for (int axis = 1; axis <= 2; axis++)
                {
                    if (layer.Kernel > x.Dims[axis])
                        return Error(ShapeErrorKind.InvalidParameter, path,
                            where + ": kernel " + InvariantNumbers.Integer(layer.Kernel) + " is larger than the " + SpatialAxis(2, axis) + " " + InvariantNumbers.Integer(x.Dims[axis]) + " of input " + x);
                }
                return Ok(x.With(x.Dims[0], ((x.Dims[1] - layer.Kernel) / layer.Stride) + 1, ((x.Dims[2] - layer.Kernel) / layer.Stride) + 1));
            }

            case LayerKind.Flatten:
                return x.ElementCount <= int.MaxValue ? Ok(x.With((int)x.ElementCount))
                    : Error(ShapeErrorKind.InvalidParameter, path, where + ": the flattened size " + InvariantNumbers.Integer(x.ElementCount) + " of " + x + " exceeds " + InvariantNumbers.Integer(int.MaxValue));

            case LayerKind.BatchNorm1d:
                return x.Rank is 1 or 2 ? Ok(x)
                    : Error(ShapeErrorKind.ShapeMismatch, path, where + " expects input [*, F] or [*, C, L] but receives " + x);

            case LayerKind.BatchNorm2d:
                return x.Rank == 3 ? Ok(x)
                    : Error(ShapeErrorKind.ShapeMismatch, path, where + " expects input [*, C, H, W] but receives " + x);

            case LayerKind.LeakyReLU:
                return IsFinite(layer.Real) ? Ok(x)
                    : Error(ShapeErrorKind.InvalidParameter, path, where + ": the slope must be finite, got " + InvariantNumbers.Real(layer.Real));

            case LayerKind.Dropout:
                return layer.Real >= 0 && layer.Real < 1 ? Ok(x)
                    : Error(ShapeErrorKind.InvalidParameter, path, where + ": p must be in [0, 1), got " + InvariantNumbers.Real(layer.Real));

            case LayerKind.RangeNormalize:
            case LayerKind.Standardize:
                return layer.Real > 0 && IsFinite(layer.Real) ? Ok(x)
                    : Error(ShapeErrorKind.InvalidParameter, path, where + ": epsilon must be positive and finite, got " + InvariantNumbers.Real(layer.Real));

            case LayerKind.Embedding:
                if (x.ElementType != ElementType.Int64)
                    return Error(ShapeErrorKind.ShapeMismatch, path, where + " expects Int64 token ids (TokenInput) but receives Float32 " + x);
                if (Positive(where, "vocabulary", layer.Vocabulary, path) is { } badVocabulary) return badVocabulary;
                if (Positive(where, "dim", layer.Out, path) is { } badDim) return badDim;
                return Ok(new TensorShape(ElementType.Float32, x.Dims.Concat(new[] { layer.Out })));

            case LayerKind.LSTM:
            case LayerKind.GRU:
                if (x.Rank != 2)
                    return Error(ShapeErrorKind.ShapeMismatch, path, where + " expects input [*, L, F] but receives " + x);
                if (layer.Out <= 0)
                    return Error(ShapeErrorKind.InvalidParameter, path, where + ": hidden size must be positive, got " + InvariantNumbers.Integer(layer.Out));
                return Ok(x.With(layer.Out));

            case LayerKind.Residual:
                return ApplyResidual(layer, x, label, where, path);

            case LayerKind.Module:
                if (layer.Sizes.Count == 0)
                    return Error(ShapeErrorKind.InvalidParameter, path, where + ": declare the module's per-sample output shape, e.g. outputs: 64");
                if (NonPositive(layer.Sizes) is { } badOutput)
                    return Error(ShapeErrorKind.InvalidParameter, path, where + ": every output dimension must be positive, got " + InvariantNumbers.Integer(badOutput));
                return Ok(TensorShape.Float(layer.Sizes.ToArray()));

            case LayerKind.MultiheadAttention:
            case LayerKind.TransformerEncoderLayer:
                return ApplyAttention(layer, x, where, path);

            default:
                // Shape-preserving, with nothing to check here: activations (no parameters) and LayerNorm (a scale and
                // a shift per feature, counted in ParameterCount).
                return Ok(x);
        }
    }

    // Self-attention maps a sequence [L, F] to [L, F]; its F features are split evenly among the heads.
    private static Step ApplyAttention(LayerSpec layer, TensorShape x, string where, int[] path)
    {
        if (x.Rank != 2)
            return Error(ShapeErrorKind.ShapeMismatch, path, where + " expects input [*, L, F] but receives " + x);
        if (Positive(where, "heads", layer.Heads, path) is { } badHeads) return badHeads;
        if (x.Last % layer.Heads != 0)
            return Error(ShapeErrorKind.InvalidParameter, path,
                where + ": the feature width " + InvariantNumbers.Integer(x.Last) + " of input " + x + " is not divisible by " + InvariantNumbers.Integer(layer.Heads) + " heads");
        if (layer.Kind == LayerKind.TransformerEncoderLayer && Positive(where, "feedforward", layer.Feedforward, path) is { } badWidth) return badWidth;
        return layer.Real >= 0 && layer.Real < 1 ? Ok(x)
            : Error(ShapeErrorKind.InvalidParameter, path, where + ": dropout must be in [0, 1), got " + InvariantNumbers.Real(layer.Real));
    }

    private static Step ApplyResidual(LayerSpec layer, TensorShape x, string label, string where, int[] path)
    {
        if (layer.Inner.Count == 0)
            return Error(ShapeErrorKind.InvalidPipeline, path, where + ": the inner pipeline is empty");
        var shape = x;
        for (int j = 0; j < layer.Inner.Count; j++)
        {
            var inner = layer.Inner[j];
            var innerPath = path.Concat(new[] { j }).ToArray();
            string innerLabel = label + " Residual, inner layer " + InvariantNumbers.Integer(j);
            if (inner.Tap is not null)
                return Error(ShapeErrorKind.InvalidPipeline, innerPath,
                    innerLabel + " " + inner.Display() + ": taps inside a Residual are not supported; tap the Residual itself");
            var step = Apply(inner, shape, innerLabel, innerPath);
            if (step.Error is not null) return step;
            shape = step.Shape!;
        }
        return shape.Equals(x) ? Ok(x)
            : Error(ShapeErrorKind.ResidualChangesShape, path, where + " must preserve its input shape " + x + " but its inner pipeline returns " + shape);
    }

    private static Step Mismatch(string where, TensorShape expected, TensorShape actual, int[] path)
        => Error(ShapeErrorKind.ShapeMismatch, path, where + " expects input " + expected + " but receives " + actual);

    /// <summary>A copy of <paramref name="dims"/> with the dimension at <paramref name="index"/> set to <paramref name="value"/>.</summary>
    internal static int[] Replace(IReadOnlyList<int> dims, int index, int value)
    {
        var copy = dims.ToArray();
        copy[index] = value;
        return copy;
    }

    private static Step? Positive(string where, string what, int value, int[] path)
        => value > 0 ? null : Error(ShapeErrorKind.InvalidParameter, path, where + ": " + what + " must be positive, got " + InvariantNumbers.Integer(value));

    // Axis 1.. of a (C, L) or (C, H, W) sample, as messages name it.
    private static string SpatialAxis(int spatial, int axis) => spatial == 1 ? "length" : axis == 1 ? "height" : "width";

    private static int? NonPositive(IReadOnlyList<int> values)
    {
        foreach (var v in values) if (v <= 0) return v;
        return null;
    }

    private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    private static Step Ok(TensorShape shape) => new(shape, null);

    private static Step Error(ShapeErrorKind kind, int[] path, string message) => new(null, new ShapeError(kind, path, message));

    private static ShapeInference Fail(List<TensorShape> shapes, List<KeyValuePair<string, TensorShape>> taps, ShapeErrorKind kind, int[] path, string message)
        => Fail(shapes, taps, new ShapeError(kind, path, message));

    private static ShapeInference Fail(List<TensorShape> shapes, List<KeyValuePair<string, TensorShape>> taps, ShapeError error)
        => new(shapes, taps, error);

    private sealed class Step
    {
        public Step(TensorShape? shape, ShapeError? error)
        {
            Shape = shape;
            Error = error;
        }

        public TensorShape? Shape { get; }

        public ShapeError? Error { get; }
    }
}
