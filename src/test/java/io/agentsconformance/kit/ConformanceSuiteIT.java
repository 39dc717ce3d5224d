package io.agentsconformance.kit;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The conformance suite: every feature, run by Cucumber on the JUnit Platform. Settings: junit-platform.properties. */
@Suite
@IncludeEngines("cucumber")
@SelectPackages("features")
public class ConformanceSuiteIT {
}
