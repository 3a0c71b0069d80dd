using System;
using System.Linq;
using Xunit;

namespace DslCrossReg.Generators.Tests;

/// <summary>
/// The generator cannot reference the runtime assembly, so it mirrors the attribute enums; the attributes reach it
/// as plain integers, so a mirror out of step would silently turn one method, form or loss into another.
/// </summary>
public class SystemEnumMirrorTests
{
    [Theory]
    [InlineData(typeof(DslCrossReg.CrossMethod), typeof(Model.CrossMethod))]
    [InlineData(typeof(DslCrossReg.CrossForm), typeof(Model.CrossForm))]
    [InlineData(typeof(DslCrossReg.TaskLoss), typeof(Model.TaskLoss))]
    [InlineData(typeof(DslCrossReg.OptimizerKind), typeof(Model.OptimizerKind))]
    [InlineData(typeof(DslCrossReg.NormMethod), typeof(Model.NormMethod))]
    public void Generator_enum_has_the_runtime_enum_names_and_values(Type runtime, Type mirror)
    {
        Assert.Equal(runtime.Name, mirror.Name);
        Assert.Equal(Enum.GetUnderlyingType(runtime), Enum.GetUnderlyingType(mirror));
        var expected = Enum.GetNames(runtime).Select(n => (n, Convert.ToInt64(Enum.Parse(runtime, n)))).OrderBy(p => p.Item2).ToList();
        var actual = Enum.GetNames(mirror).Select(n => (n, Convert.ToInt64(Enum.Parse(mirror, n)))).OrderBy(p => p.Item2).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_enum_of_the_attributes_namespace_that_the_generator_reads_is_mirrored()
    {
        // Any new enum among the attributes' property types must get a mirror (and a row above).
        var attributeEnums = typeof(DslCrossReg.CrossLossAttribute).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Attribute)) && t.Namespace == "DslCrossReg")
            .SelectMany(t => t.GetProperties().Select(p => Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))
            .Where(t => t.IsEnum)
            .Select(t => t.Name)
            .Distinct()
            .OrderBy(n => n)
            .ToList();
        var mirrors = typeof(Model.CrossMethod).Assembly.GetTypes()
            .Where(t => t.IsEnum && t.Namespace == typeof(Model.CrossMethod).Namespace)
            .Select(t => t.Name)
            .ToList();
        Assert.NotEmpty(attributeEnums);
        Assert.All(attributeEnums, name => Assert.Contains(name, mirrors));
    }
}
