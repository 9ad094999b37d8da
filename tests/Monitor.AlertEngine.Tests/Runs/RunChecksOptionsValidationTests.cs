using Monitor.AlertEngine.Runs;

namespace Monitor.AlertEngine.Tests.Runs;

/// <summary>A run check that cannot work is refused at start-up, naming its key and why.</summary>
public sealed class RunChecksOptionsValidationTests
{
    [Fact]
    public void ABadCronAnUnknownTimeZoneAndAStageThatIsNone_AreEachNamed()
    {
        var options = new RunChecksOptions
        {
            RequiredStages = ["validation", "deploy"],
            Schedules =
            {
                ["nightly"] = new() { Cron = "0 25 * * *" },
                ["hourly"] = new() { Cron = "0 * * * *", TimeZone = "Mars/Olympus_Mons" },
            },
        };

        var result = new ValidateRunChecksOptions().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Runs:Schedules:nightly: Cron '0 25 * * *' is not a cron expression", StringComparison.Ordinal));
        Assert.Contains("Runs:Schedules:hourly: TimeZone 'Mars/Olympus_Mons' is not a time zone this machine knows.", result.Failures!);
        Assert.Contains("Runs:RequiredStages: 'deploy' is not one of module_generation, resource_generation, validation, hooks.", result.Failures!);
    }

    [Fact]
    public void TheDefaults_AndASixFieldCronWithSeconds_AreAccepted()
    {
        var options = new RunChecksOptions { Schedules = { ["fast"] = new() { Cron = "*/10 * * * * *", TimeZone = "America/New_York" } } };

        Assert.True(new ValidateRunChecksOptions().Validate(null, options).Succeeded);
        Assert.True(new ValidateRunChecksOptions().Validate(null, new RunChecksOptions()).Succeeded);
    }
}
