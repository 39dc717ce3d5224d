package io.agentsconformance.kit.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The kit jar's HTML report, rendered without Maven: Allure's command line travels inside the jar
 * (kit-pom.xml, "bundle-allure-commandline"), is unpacked once per version under the temporary
 * directory, and runs in a child JVM of the same Java as the kit, as its own {@code bin/allure}
 * script would run it. A report that cannot be rendered costs the run nothing else: the Allure
 * results stay, and the line printed says how to render them by hand.
 */
final class HtmlReport {

    static final String BUNDLED = "bundled/allure-commandline.zip";

    private HtmlReport() {
    }

    /** Renders {@code reports/allure-results} into {@code reports/allure-report/index.html}; a line for the terminal. */
    static String render(Path reports, Duration bound) {
        Path results = reports.resolve("allure-results");
        Path report = reports.resolve("allure-report");
        try {
            Path home = unpacked();
            Path log = reports.resolve("allure-report.log");
            Process allure = new ProcessBuilder(javaCommand(), "-classpath",
                    home.resolve("lib") + File.separator + "*" + File.pathSeparator + home.resolve("lib").resolve("config"),
                    "io.qameta.allure.CommandLine", "generate", "--single-file", "--clean", "-o", report.toString(),
                    results.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .directory(reports.toFile())
                    .start();
            if (!allure.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
                allure.destroyForcibly();
                return "HTML report: not rendered within " + bound.toSeconds() + " s (see " + log + ")";
            }
            Path index = report.resolve("index.html");
            if (allure.exitValue() != 0 || !Files.isRegularFile(index)) {
                return "HTML report: Allure exited with " + allure.exitValue() + " (see " + log + "); the results are in "
                        + results;
            }
            return "HTML report: " + index + " (" + Files.size(index) / 1024 + " KiB; opens from the file system)";
        } catch (IOException e) {
            return "HTML report: not rendered (" + e.getMessage() + "); render " + results
                    + " with Allure 2 (allure generate --single-file) by hand";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "HTML report: interrupted";
        }
    }

    /** Allure's home, unpacked from the jar the first time this bundle is used on this machine. */
    static Path unpacked() throws IOException {
        var bundle = HtmlReport.class.getClassLoader().getResource(BUNDLED);
        if (bundle == null) {
            throw new IOException(BUNDLED + " is not in the kit jar; the jar is built wrong");
        }
        // Keyed by the bundle's size too, so a rebuilt snapshot with another Allure is not mistaken for the old one.
        long size = bundle.openConnection().getContentLengthLong();
        Path parent = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "agents-conformance-kit"));
        Path cache = parent.resolve("allure-" + KitVersion.kitVersion() + "-" + size);
        if (!Files.isDirectory(cache)) {
            // Unpacked aside and moved into place at once: two kits starting together never see half a home.
            Path aside = Files.createTempDirectory(parent, "unpacking-");
            try (InputStream zip = bundle.openStream()) {
                unzip(zip, aside);
            }
            try {
                Files.move(aside, cache, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException anotherKitWasFaster) {
                if (!Files.isDirectory(cache)) {
                    throw anotherKitWasFaster;
                }
            }
        }
        try (var homes = Files.list(cache)) {
            List<Path> found = homes.filter(p -> Files.isDirectory(p.resolve("lib"))).toList();
            if (found.size() != 1) {
                throw new IOException("expected one Allure home in " + cache + ", found " + found);
            }
            return found.get(0);
        }
    }

    private static void unzip(InputStream in, Path into) throws IOException {
        Files.createDirectories(into);
        Path root = into.toAbsolutePath().normalize();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("the bundled Allure zip has an entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The java launcher running the kit, so the report needs nothing on the PATH. */
    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
