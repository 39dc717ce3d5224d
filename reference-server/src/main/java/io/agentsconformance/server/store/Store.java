package io.agentsconformance.server.store;

/** The database and its repositories, opened together and closed together. */
public record Store(
        Database db,
        ProjectStore projects,
        ProfileStore profiles,
        WorkflowStore workflows,
        ContextItemStore contextItems,
        RunStore runs,
        StepStore steps,
        NodeStateStore nodeStates,
        MessageStore messages,
        EventStore events) implements AutoCloseable {

    public static Store open(String jdbcUrl, int maxConnections) {
        Database db = Database.open(jdbcUrl, maxConnections);
        return new Store(db, new ProjectStore(db), new ProfileStore(db), new WorkflowStore(db),
                new ContextItemStore(db), new RunStore(db), new StepStore(db), new NodeStateStore(db),
                new MessageStore(db), new EventStore(db));
    }

    @Override
    public void close() {
        db.close();
    }
}
