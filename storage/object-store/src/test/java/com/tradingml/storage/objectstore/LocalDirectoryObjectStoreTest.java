package com.tradingml.storage.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract kit on a local directory, plus what only a file system can get wrong. */
class LocalDirectoryObjectStoreTest extends ObjectStoreContract {

  @TempDir
  Path storeRoot;

  @Override
  protected ObjectStore newStore() {
    return new LocalDirectoryObjectStore(storeRoot.resolve("objects"));
  }

  private Path root() {
    return ((LocalDirectoryObjectStore) store).root();
  }

  @Test
  void shouldCreateTheRootAndItsTempFolderWhenMissing() {
    Path missing = storeRoot.resolve("not/yet/there");

    try (LocalDirectoryObjectStore created = new LocalDirectoryObjectStore(missing)) {
      assertThat(missing).isDirectory();
      assertThat(missing.resolve(LocalDirectoryObjectStore.TEMP_FOLDER)).isDirectory();
      assertThat(created.list("")).isEmpty();
    }
  }

  @Test
  void shouldStoreEachObjectAsAFileAtItsKeyPath() throws IOException {
    store.put("a/b/c.txt", bytes("hello"));

    assertThat(Files.readAllBytes(root().resolve("a/b/c.txt"))).isEqualTo(bytes("hello"));
  }

  @Test
  void shouldUseTheRootUriWithATrailingSlashAsBaseUri() {
    assertThat(store.baseUri()).isEqualTo(root().toUri().toString()).startsWith("file:").endsWith("/");
    assertThat(Path.of(java.net.URI.create(store.baseUri() + "a/b"))).isEqualTo(root().resolve("a/b"));
  }

  @Test
  void shouldLeaveNoTempFilesBehind() throws IOException {
    store.put("t/1", bytes("x"));
    store.put("t/1", bytes("y"));
    store.putIfAbsent("t/2", bytes("z"));
    store.putIfAbsent("t/2", bytes("w"));
    assertThatThrownBy(() -> store.put("t/3", storeRoot.resolve("missing"))).isInstanceOf(ObjectStoreException.class);

    try (Stream<Path> temp = Files.list(root().resolve(LocalDirectoryObjectStore.TEMP_FOLDER))) {
      assertThat(temp).isEmpty();
    }
  }

  @Test
  void shouldNotListFilesInTheTempFolder() throws IOException {
    Files.write(root().resolve(LocalDirectoryObjectStore.TEMP_FOLDER).resolve("put-crashed.part"), bytes("partial"));
    store.put("visible", bytes("x"));

    assertThat(keys(store.list(""))).containsExactly("visible");
  }

  @Test
  void shouldReserveKeysInTheTempFolder() {
    assertThatThrownBy(() -> store.put(".tmp/x", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".tmp/x");
    assertThatThrownBy(() -> store.stat(".tmp")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRemoveFoldersLeftEmptyByADelete() {
    store.put("p/q/r/object", bytes("x"));
    store.put("p/other", bytes("y"));

    store.delete("p/q/r/object");

    assertThat(root().resolve("p/q")).doesNotExist();
    assertThat(root().resolve("p")).isDirectory();
    assertThat(root()).isDirectory();
  }

  @Test
  void shouldFailNamingTheKeyWhenAKeyWouldNestUnderAnObject() {
    store.put("a/b", bytes("object"));

    assertThatThrownBy(() -> store.put("a/b/c", bytes("below")))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("a/b/c");
    assertThat(store.getBytes("a/b")).isEqualTo(bytes("object"));
  }

  @Test
  void shouldReportAKeyBelowAnObjectAsAbsent() {
    store.put("a/b", bytes("object"));

    assertThat(store.stat("a/b/c")).isEmpty();
    assertThatThrownBy(() -> store.get("a/b/c")).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> store.get("a/b/c", 1, 2)).isInstanceOf(ObjectNotFoundException.class);
    assertThat(store.delete("a/b/c")).isFalse();
    assertThat(store.list("a/b/")).isEmpty();
  }

  @Test
  void shouldRefusePutIfAbsentOnAFolderOfObjectsInsteadOfClaimingItExists() {
    store.put("a/b/c", bytes("object"));

    assertThatThrownBy(() -> store.putIfAbsent("a/b", bytes("x")))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("a/b");
  }

  @Test
  void shouldKeepServingAnOpenStreamWhileTheObjectIsReplaced() throws IOException {
    store.put("open", bytes("old content"));

    try (var in = store.get("open")) {
      store.put("open", bytes("new"));
      assertThat(in.readAllBytes()).isEqualTo(bytes("old content"));
    }
    assertThat(store.getBytes("open")).isEqualTo(bytes("new"));
  }

  @Test
  void shouldSeeObjectsWrittenThroughAnotherInstanceOnTheSameRoot() {
    try (LocalDirectoryObjectStore other = new LocalDirectoryObjectStore(root())) {
      other.put("shared/x", bytes("from other"));
    }

    assertThat(store.getBytes("shared/x")).isEqualTo(bytes("from other"));
  }
}
