using System.Globalization;
using DslCrossReg.Generators.Model;
using System.Linq;
using static DslCrossReg.Generators.Emit.RuntimeTypes;
using static DslCrossReg.Generators.Emit.SystemNames;

namespace DslCrossReg.Generators.Emit;

/// <summary>
/// Save, Load and the checkpoint state of a system, and the DeclarationHash a checkpoint carries: a hash of everything
/// its contents depend on, so that a checkpoint of another declaration is refused instead of loaded into the wrong
/// tensors.
/// </summary>
internal static class CheckpointEmitter
{
    internal static void EmitCheckpoints(SourceWriter w, SystemModel model)
    {
        const string Checkpoints = "global::DslCrossReg.Checkpoints";
        w.Line("/// <summary>A hash of this declaration (members, their networks, terms): a checkpoint of another declaration is refused.</summary>");
        w.Line("public const string DeclarationHash = \"" + DeclarationHash(model) + "\";");
        w.Line();
        w.Line("/// <summary>" + SystemDocs.SaveSummary(model) + "</summary>");
        w.Line("public void Save(string path, bool includeFrozenMembers = true) => State().Save(path, includeFrozenMembers);");
        w.Line();
        w.Line("/// <summary>Loads a checkpoint of this system; a damaged or foreign file is refused and changes nothing.</summary>");
        w.Line("public void Load(string path) => State().Load(path);");
        w.Line();
        var modules = model.Members.Select(m => "(\"" + m.Name + "\", " + MemberField(m.Name) + ", " + (m.Frozen ? "true" : "false") + ")").ToList();
        var optimizers = model.TrainedMembers.Select(m => "(\"" + m.Name + "\", " + OptimizerField(m.Name) + ")").ToList();
        if (model.Discriminator is not null)
        {
            modules.Add("(\"Discriminator\", discriminator, false)");
            optimizers.Add("(\"Discriminator\", discriminatorOptimizer)");
        }
        using (w.Block("private " + Checkpoints + ".SystemState State()"))
        {
            w.Line("return new " + Checkpoints + ".SystemState(", new[]
            {
                "\"" + model.ClassName + "\",",
                "DeclarationHash,",
                "new (string, global::TorchSharp.torch.nn.Module, bool)[] { " + string.Join(", ", modules) + " },",
                "new (string, " + Optimizer + ")[] { " + string.Join(", ", optimizers) + " },",
                "() => steps,",
                "value => steps = value,",
                "termScales);",
            });
        }
    }

    /// <summary>A stable FNV-1a hash of everything a checkpoint's contents depend on.</summary>
    private static string DeclarationHash(SystemModel model)
    {
        var text = new System.Text.StringBuilder(model.ClassName);
        foreach (var m in model.Members)
            text.Append('|').Append(m.Name).Append(':').Append(m.TypeName).Append(':').Append(m.Shapes.LayerStructure).Append(':').Append(m.Optimizer).Append(':').Append(m.Frozen);
        foreach (var t in model.Terms)
            text.Append('|').Append(t.Name).Append(':').Append(t.Form);
        CustomTermEmitter.AppendCustomTerms(model, text);
        if (model.Discriminator is { } d) text.Append("|D:").Append(d.TypeName ?? "default").Append(':').Append(d.Width).Append(':').Append(d.Optimizer);
        ulong hash = 14695981039346656037UL;
        foreach (char c in text.ToString())
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
