package com.tradingml.storage.tables.fileio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UncachedFileOutputTest {

  private static final int BUFFER = UncachedFileOutput.BUFFER_BYTES;

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 511, 4095, 4096, 4097, BUFFER - 1, BUFFER, BUFFER + 1, 3 * BUFFER + 12345})
  void shouldWriteExactlyTheBytesGivenWhateverTheLength(int length) throws IOException {
    byte[] expected = randomBytes(length, length);
    Path file = Files.createFile(dir.resolve("out-" + length));

    try (UncachedFileOutput out = UncachedFileOutput.open(file)) {
      // chunks of awkward sizes and single bytes, so writes straddle the buffer's end
      int at = 0;
      Random sizes = new Random(7);
      while (at < length) {
        if (sizes.nextInt(10) == 0) {
          out.write(expected[at++]);
        } else {
          int chunk = Math.min(length - at, 1 + sizes.nextInt(300_000));
          out.write(expected, at, chunk);
          at += chunk;
        }
      }
      assertThat(out.length()).isEqualTo(length);
    }

    assertThat(Files.size(file)).isEqualTo(length);
    assertThat(Files.readAllBytes(file)).isEqualTo(expected);
  }

  @Test
  void shouldBypassThePageCacheOnADiskFileSystem() throws IOException {
    String type = Files.getFileStore(dir).type();
    org.junit.jupiter.api.Assumptions.assumeTrue(Set.of("ext4", "xfs", "btrfs").contains(type),
        "O_DIRECT is only expected on a disk file system; the temp dir is on " + type);
    Path file = Files.createFile(dir.resolve("direct"));

    try (UncachedFileOutput out = UncachedFileOutput.open(file)) {
      assertThat(out.isDirect()).isTrue();
      out.write(new byte[] {1, 2, 3});
    }

    assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
  }

  @Test
  void shouldWriteTheSameBytesThroughThePageCacheWhereDirectWritesAreRefused() throws IOException {
    Path file = Files.createFile(dir.resolve("buffered"));
    byte[] expected = randomBytes(BUFFER + 77, 3);

    try (UncachedFileOutput out = UncachedFileOutput.open(file, false)) {
      assertThat(out.isDirect()).isFalse();
      out.write(expected, 0, 5);
      out.write(expected, 5, expected.length - 5);
    }

    assertThat(Files.readAllBytes(file)).isEqualTo(expected);
  }

  @Test
  void shouldRefuseWritesAfterCloseAndCloseTwiceHarmlessly() throws IOException {
    Path file = Files.createFile(dir.resolve("closed"));
    UncachedFileOutput out = UncachedFileOutput.open(file);
    out.write(new byte[] {9});
    out.close();
    out.close();

    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    assertThat(Files.readAllBytes(file)).containsExactly(9);
  }

  @Test
  void shouldKeepFilesApartWhenBuffersAreReused() throws IOException {
    // the second stream takes the first's pooled buffer: none of the first file's bytes may leak into it
    Path first = Files.createFile(dir.resolve("first"));
    try (UncachedFileOutput out = UncachedFileOutput.open(first)) {
      out.write(randomBytes(BUFFER / 2, 1));
    }
    Path second = Files.createFile(dir.resolve("second"));
    byte[] expected = randomBytes(10, 2);
    try (UncachedFileOutput out = UncachedFileOutput.open(second)) {
      out.write(expected);
    }

    assertThat(Files.readAllBytes(second)).isEqualTo(expected);
  }

  @Test
  void shouldFailEveryLaterWriteAndTheCloseOnceABackgroundWriteFailed() throws IOException {
    Path file = Files.createFile(dir.resolve("read-only"));
    // a channel open for reading only: its writes throw, here on the background thread
    java.nio.channels.FileChannel readOnly = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.READ);
    UncachedFileOutput out = new UncachedFileOutput(readOnly, false, 1);
    out.write(new byte[BUFFER]); // fills the first buffer
    out.write(new byte[BUFFER]); // hands it to the background, fills the second

    assertThatThrownBy(() -> out.write(1)).as("the next hand-off meets the failed write")
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> out.write(new byte[] {1})).isInstanceOf(IOException.class)
        .hasMessageContaining("earlier write");
    assertThatThrownBy(out::close).as("a close that returned would let the incomplete file be stored")
        .isInstanceOf(IOException.class).hasMessageContaining("incomplete");
    assertThat(readOnly.isOpen()).as("the channel is closed all the same").isFalse();
  }

  private static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
