package io.agentsconformance.kit;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The features whose outcome depends on how the target talks to its model, for the failsafe
 * execution "streamed" (kit-pom.xml). Selected here rather than through cucumber.features: with
 * that property Cucumber ignores the platform's selectors and failsafe counts no test, so a
 * failure there would not fail the build.
 */
@Suite
@IncludeEngines("cucumber")
@SelectPackages({"features.orchestration", "features.failure", "features.conversation"})
public class StreamedSuiteIT {
}
