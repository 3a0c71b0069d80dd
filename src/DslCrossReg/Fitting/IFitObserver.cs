namespace DslCrossReg.Fitting;

/// <summary>
/// Told about a Fit run as it goes; every method does nothing unless implemented. Observers acquire what they write
/// to in <see cref="OnStart"/> and release it in <see cref="OnEnd"/>, which Fit calls however the run ends.
/// </summary>
public interface IFitObserver
{
    /// <summary>Before the first step.</summary>
    void OnStart(FitStart start)
    {
    }

    /// <summary>After each step.</summary>
    void OnStep(FitStep step)
    {
    }

    /// <summary>After each validation pass.</summary>
    void OnValidation(FitValidation validation)
    {
    }

    /// <summary>After each complete epoch (and its validation).</summary>
    void OnEpochEnd(int epoch)
    {
    }

    /// <summary>When the run ends, however it ends (see <see cref="FitHistory.StopReason"/>).</summary>
    void OnEnd(FitHistory history)
    {
    }
}
