package io.agentsconformance.kit.cli;

import io.agentsconformance.kit.requirements.Requirements;
import picocli.CommandLine;

/** The kit's version (from its jar's manifest) and the contract version it checks. */
public final class KitVersion implements CommandLine.IVersionProvider {

    static String kitVersion() {
        String version = KitVersion.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
                "Agents Conformance Kit " + kitVersion(),
                "Checks contract version " + Requirements.packaged().contractVersion() + " (spec/requirements.yaml)",
                "Java " + System.getProperty("java.version")};
    }
}
