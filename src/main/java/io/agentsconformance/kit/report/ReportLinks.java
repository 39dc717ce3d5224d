package io.agentsconformance.kit.report;

import io.agentsconformance.kit.config.KitConfig;
import io.agentsconformance.kit.requirements.Requirements;
import io.qameta.allure.listener.TestLifecycleListener;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Link;
import io.qameta.allure.model.TestResult;

import java.util.List;

/**
 * Links each scenario of the Allure report to its cases: their row in the catalogue and the
 * section of spec/ that states them. An Allure lifecycle listener (found as a service), because
 * the scenario's tags are known there and Allure does not take links from Cucumber hooks.
 */
public final class ReportLinks implements TestLifecycleListener {

    private static String linkBase() {
        try {
            return KitConfig.load().reportLinkBase();
        } catch (RuntimeException unreadable) {
            // The kit reports a bad configuration itself; the links fall back to their default.
            return "../spec/";
        }
    }

    @Override
    public void beforeTestStop(TestResult result) {
        Requirements registry = Requirements.packaged();
        String base = linkBase();
        List<String> tags = result.getLabels().stream().filter(label -> "tag".equals(label.getName()))
                .map(Label::getValue).map(tag -> tag.startsWith("@") ? tag : "@" + tag).toList();
        for (String caseId : Requirements.caseIds(tags)) {
            if (registry.find(caseId).isEmpty()) {
                continue;
            }
            result.getLinks().add(new Link().setName(caseId + " in the catalogue")
                    .setUrl(base + CataloguePage.FILE + "#" + caseId).setType("tms"));
            result.getLinks().add(new Link().setName(caseId + " in the traceability matrix")
                    .setUrl(base + Traceability.PAGE + "#" + caseId).setType("link"));
            registry.specOf(caseId).ifPresent(spec -> result.getLinks().add(new Link()
                    .setName(caseId + ": the contract (" + spec + ")").setUrl(base + spec).setType("link")));
        }
    }
}
