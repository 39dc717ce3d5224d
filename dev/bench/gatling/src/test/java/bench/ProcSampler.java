package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples a process's CPU time ({@code /proc/<pid>/stat}, utime + stime) and resident memory
 * ({@code /proc/<pid>/status}, VmRSS) every {@code periodMs}, so the summary can give the server's
 * CPU and RSS over any window of the run (idle during the floor, busy during the load).
 */
final class ProcSampler {

    record Sample(long nanos, long cpuTicks, long rssKb) {
    }

    private final long pid;
    private final long periodMs;
    private final long ticksPerSecond = clockTicks();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    ProcSampler(long pid, long periodMs) {
        this.pid = pid;
        this.periodMs = periodMs;
        this.thread = new Thread(this::loop, "proc-sampler-" + pid);
        thread.setDaemon(true);
    }

    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    ProcSampler start() {
        thread.start();
        return this;
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (running) {
            Sample sample = sample();
            if (sample == null) {
                return; // the process is gone
            }
            synchronized (samples) {
                samples.add(sample);
            }
            try {
                Thread.sleep(periodMs); // the sampling period, not a synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Sample sample() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which may hold spaces, closed by the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return new Sample(System.nanoTime(), ticks, rss);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The CPU the process used between two instants, in percent of one core (200 % = both of 2 cores). */
    double cpuPercent(long fromNanos, long toNanos) {
        List<Sample> window = window(fromNanos, toNanos);
        if (window.size() < 2) {
            return Double.NaN;
        }
        Sample first = window.get(0);
        Sample last = window.get(window.size() - 1);
        double cpuSeconds = (last.cpuTicks() - first.cpuTicks()) / (double) ticksPerSecond;
        return 100.0 * cpuSeconds / ((last.nanos() - first.nanos()) / 1e9);
    }

    long peakRssKb(long fromNanos, long toNanos) {
        return window(fromNanos, toNanos).stream().mapToLong(Sample::rssKb).max().orElse(-1);
    }

    int count(long fromNanos, long toNanos) {
        return window(fromNanos, toNanos).size();
    }

    private List<Sample> window(long fromNanos, long toNanos) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.nanos() >= fromNanos && s.nanos() <= toNanos).toList();
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100; // Linux's USER_HZ nearly everywhere
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
