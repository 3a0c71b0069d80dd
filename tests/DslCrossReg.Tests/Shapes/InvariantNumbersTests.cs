using System;
using System.Globalization;
using DslCrossReg.Shapes;
using Xunit;

namespace DslCrossReg.Tests.Shapes;

/// <summary>
/// The one number formatter of messages and generated code writes the same text on every machine: under fi-FI (minus
/// sign U+2212, decimal comma) and de-DE (decimal comma) as under the invariant culture.
/// </summary>
public class InvariantNumbersTests
{
    [Theory]
    [InlineData("fi-FI")]
    [InlineData("de-DE")]
    [InlineData("")]
    public void Numbers_read_the_same_whatever_the_current_culture(string culture)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            Assert.Equal("-3", InvariantNumbers.Integer(-3));
            Assert.Equal("9223372036854775807", InvariantNumbers.Integer(long.MaxValue));
            Assert.Equal("-0.5", InvariantNumbers.Real(-0.5));
            Assert.Equal("2", InvariantNumbers.Real(2));
            Assert.Equal("1E-08", InvariantNumbers.Real(1e-8));
            Assert.Equal("0.1", InvariantNumbers.Real(0.1));
            Assert.Equal("NaN", InvariantNumbers.Real(double.NaN));
            Assert.Equal("-Infinity", InvariantNumbers.Real(double.NegativeInfinity));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData(2.0, "2.0")]
    [InlineData(-3.0, "-3.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(0.001, "0.001")]
    [InlineData(1e-8, "1E-08")]
    [InlineData(1e300, "1E+300")]
    [InlineData(-0.25, "-0.25")]
    public void A_double_literal_stays_a_double_in_generated_code(double value, string literal)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("fi-FI");
        try
        {
            Assert.Equal(literal, InvariantNumbers.DoubleLiteral(value));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Reals_round_trip()
    {
        foreach (double value in new[] { 0.1 + 0.2, Math.PI, 1.0 / 3, double.Epsilon, double.MaxValue, -1e-300 })
        {
            Assert.Equal(value, double.Parse(InvariantNumbers.Real(value), CultureInfo.InvariantCulture));
            Assert.Equal(value, double.Parse(InvariantNumbers.DoubleLiteral(value), CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void The_cultures_these_tests_run_under_do_write_numbers_differently()
    {
        // Not vacuous: without ICU (invariant globalization) every culture would format as the invariant one.
        Assert.NotEqual("-0.5", (-0.5).ToString(new CultureInfo("fi-FI")));
        Assert.NotEqual("0.5", 0.5.ToString(new CultureInfo("de-DE")));
    }
}
