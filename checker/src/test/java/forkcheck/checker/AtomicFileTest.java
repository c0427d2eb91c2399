package forkcheck.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void writesTheWholeFileReadableByAllAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("sub/trace.json");
        AtomicFile.write(file, "first");
        AtomicFile.write(file, "second");
        assertEquals("second", Files.readString(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "traces and reports are for sharing, not 0600 like a temporary file");
        try (var listing = Files.list(file.getParent())) {
            assertEquals(List.of(file), listing.toList());
        }
    }

    @Test
    void aFailedWriteLeavesNothing() throws IOException {
        Path target = dir.resolve("is-a-directory");
        Files.createDirectories(target.resolve("child"));
        assertThrows(IOException.class, () -> AtomicFile.write(target, "text"));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(target), listing.toList(), "no temporary file left behind");
        }
        assertFalse(Files.isRegularFile(target));
    }
}
