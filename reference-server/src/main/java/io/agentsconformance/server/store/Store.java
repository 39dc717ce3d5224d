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

    /** @param dataDir where the database lives; null for a temporary one, deleted at close */
    public static Store open(java.nio.file.Path dataDir, int maxConnections) {
        Database db = Database.open(dataDir, maxConnections);
        return new Store(db, new ProjectStore(db), new ProfileStore(db), new WorkflowStore(db),
                new ContextItemStore(db), new RunStore(db), new StepStore(db), new NodeStateStore(db),
                new MessageStore(db), new EventStore(db));
    }

    @Override
    public void close() {
        db.close();
    }
}
