package io.agentsconformance.server;

import io.agentsconformance.server.engine.RunJournal;
import io.agentsconformance.server.model.RunEvent;
import java.util.ArrayList;
import java.util.List;

/** In-process tests read a run's whole history, then its live events, in order. */
final class Journal {

    private Journal() {
    }

    static RunJournal.Subscription follow(RunJournal journal, String runId, RunJournal.Listener listener) {
        List<RunEvent> early = new ArrayList<>();
        boolean[] caughtUp = {false};
        Object lock = new Object();
        RunJournal.Subscription subscription = journal.subscribe(runId, event -> {
            synchronized (lock) {
                if (!caughtUp[0]) {
                    early.add(event);
                    return;
                }
                listener.onEvent(event);
            }
        });
        synchronized (lock) {
            journal.past(runId, 0, Integer.MAX_VALUE).stream()
                    .filter(event -> event.sequence() <= subscription.pastUpTo())
                    .forEach(listener::onEvent);
            early.forEach(listener::onEvent);
            caughtUp[0] = true;
        }
        return subscription;
    }
}
