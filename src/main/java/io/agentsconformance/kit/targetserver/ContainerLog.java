package io.agentsconformance.kit.targetserver;

import org.testcontainers.containers.output.OutputFrame;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a target container prints, as it prints it: written whole to a file beside the reports,
 * and kept in memory so that a failed scenario's report can show what the target logged while it
 * ran (scenarios run side by side, so that stretch may hold other scenarios' lines too).
 */
public final class ContainerLog implements Consumer<OutputFrame>, AutoCloseable {

    /** Beyond this, the oldest lines are dropped from memory (the file keeps everything). */
    static final int MAX_LINES_IN_MEMORY = 50_000;

    private final Path file;
    private final BufferedWriter writer;
    private final List<String> lines = new ArrayList<>();
    private long dropped;
    private final StringBuilder partial = new StringBuilder();

    public ContainerLog(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the target container's log to " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void accept(OutputFrame frame) {
        if (frame.getType() == OutputFrame.OutputType.END) {
            flushPartial();
            return;
        }
        // Frames are chunks of the stream, not lines: a line may arrive in pieces.
        partial.append(frame.getUtf8String());
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
            add(partial.substring(0, newline));
            partial.delete(0, newline + 1);
        }
    }

    private void flushPartial() {
        if (partial.length() > 0) {
            add(partial.toString());
            partial.setLength(0);
        }
    }

    private void add(String line) {
        String clean = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        lines.add(clean);
        if (lines.size() > MAX_LINES_IN_MEMORY) {
            lines.remove(0);
            dropped++;
        }
        try {
            writer.write(clean);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            // The log is evidence, not a condition of the run: the lines stay in memory.
        }
    }

    /** A position in the log: the number of lines seen so far. */
    public synchronized long mark() {
        return dropped + lines.size();
    }

    /** The lines logged since {@code mark} (those still in memory). */
    public synchronized String since(long mark) {
        int from = (int) Math.max(0, mark - dropped);
        return from >= lines.size() ? "" : String.join("\n", lines.subList(from, lines.size()));
    }

    /** The last {@code count} lines, to say why a container stopped. */
    public synchronized String tail(int count) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    @Override
    public synchronized void close() {
        flushPartial();
        try {
            writer.close();
        } catch (IOException e) {
            // Nothing more to write.
        }
    }
}
