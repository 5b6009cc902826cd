package com.tradingml.core.risk;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The remembered client order ids of an {@link AccountRiskState} and when each was first seen: an immutable map in
 * id order whose changes share structure with the map they came from, so remembering one more id, or forgetting
 * the expired ones, costs O(log n) per id instead of a copy of all n.
 *
 * <p>Two structures: a persistent weight-balanced search tree by id (lookup, iteration in id order; Adams' trees
 * with the {@code <3, 2>} parameters, which keep the balance through single insertions and deletions), and the
 * same entries in the order of their times ({@link SortedLog}), from whose front the expired ids are taken
 * ({@link #withoutExpired}) without looking at the others. An id remembered again leaves its older entry in the
 * time order; that entry is skipped when it comes up (the tree no longer maps the id to its time).
 *
 * <p>Equal to, and with the same hash code as, any {@link Map} with the same entries; prints like a
 * {@link TreeMap}. Immutable and thread-safe; mutators throw {@link UnsupportedOperationException}.
 */
final class ClientOrderIds extends AbstractMap<String, Instant> implements SortedMap<String, Instant> {

  static final ClientOrderIds EMPTY = new ClientOrderIds(null, SortedLog.empty());

  /** When an id was seen, in the time order. */
  private record Seen(Instant at, String id) {
  }

  private static final Comparator<Seen> BY_TIME = (a, b) -> a.at.compareTo(b.at);

  /** The weight-balance parameters: a subtree at most {@code DELTA} times its sibling's size, then rotated. */
  private static final int DELTA = 3;
  private static final int RATIO = 2;

  private static final class Node {
    final String key;
    final Instant value;
    final Node left;
    final Node right;
    final int size;

    Node(String key, Instant value, Node left, Node right) {
      this.key = key;
      this.value = value;
      this.left = left;
      this.right = right;
      this.size = size(left) + size(right) + 1;
    }
  }

  private final Node root;
  private final SortedLog<Seen> byTime;

  private ClientOrderIds(Node root, SortedLog<Seen> byTime) {
    this.root = root;
    this.byTime = byTime;
  }

  /**
   * The entries of {@code sorted}, which must iterate in the natural order of its keys and hold no null key or
   * value (a {@link TreeMap} without a comparator that the caller checked).
   */
  static ClientOrderIds ofSorted(SortedMap<String, Instant> sorted) {
    if (sorted.isEmpty()) {
      return EMPTY;
    }
    List<Map.Entry<String, Instant>> entries = new ArrayList<>(sorted.entrySet());
    Node root = build(entries, 0, entries.size());
    Seen[] seen = new Seen[entries.size()];
    for (int i = 0; i < seen.length; i++) {
      seen[i] = new Seen(entries.get(i).getValue(), entries.get(i).getKey());
    }
    Arrays.sort(seen, BY_TIME);
    return new ClientOrderIds(root, SortedLog.ofSorted(seen));
  }

  private static Node build(List<Map.Entry<String, Instant>> sorted, int from, int to) {
    if (from >= to) {
      return null;
    }
    int mid = (from + to) >>> 1;
    Map.Entry<String, Instant> entry = sorted.get(mid);
    return new Node(entry.getKey(), entry.getValue(), build(sorted, from, mid), build(sorted, mid + 1, to));
  }

  @Override
  public int size() {
    return size(root);
  }

  @Override
  public boolean isEmpty() {
    return root == null;
  }

  @Override
  public Instant get(Object key) {
    String id = (String) key;
    if (id == null) {
      throw new NullPointerException("client order id");
    }
    Node node = root;
    while (node != null) {
      int c = id.compareTo(node.key);
      if (c == 0) {
        return node.value;
      }
      node = c < 0 ? node.left : node.right;
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  /** The map with {@code id} seen at {@code at} (replacing an earlier time). */
  ClientOrderIds with(String id, Instant at) {
    if (id == null || at == null) {
      throw new NullPointerException("client order id or time");
    }
    return new ClientOrderIds(insert(root, id, at), byTime.insert(new Seen(at, id), BY_TIME));
  }

  /** Whether an entry of the time order is at or before {@code cutoff} (then {@link #withoutExpired} may drop it). */
  private boolean mayExpire(Instant cutoff) {
    return !byTime.isEmpty() && !byTime.first().at.isAfter(cutoff);
  }

  /**
   * The map without the ids seen at or before {@code cutoff}; this map when there are none. The removed ids are
   * added to {@code removed} when it is not null.
   */
  ClientOrderIds withoutExpired(Instant cutoff, List<String> removed) {
    if (!mayExpire(cutoff)) {
      return this;
    }
    Node newRoot = root;
    int dropped = 0;
    boolean any = false;
    while (dropped < byTime.size() && !byTime.get(dropped).at.isAfter(cutoff)) {
      Seen seen = byTime.get(dropped++);
      Instant current = lookup(newRoot, seen.id);
      if (seen.at.equals(current)) {
        newRoot = delete(newRoot, seen.id);
        any = true;
        if (removed != null) {
          removed.add(seen.id);
        }
      }
    }
    return any ? new ClientOrderIds(newRoot, byTime.dropFirst(dropped)) : this;
  }

  private static Instant lookup(Node node, String id) {
    while (node != null) {
      int c = id.compareTo(node.key);
      if (c == 0) {
        return node.value;
      }
      node = c < 0 ? node.left : node.right;
    }
    return null;
  }

  // ---------------------------------------------------------------- the weight-balanced tree

  private static int size(Node node) {
    return node == null ? 0 : node.size;
  }

  private static Node insert(Node node, String key, Instant value) {
    if (node == null) {
      return new Node(key, value, null, null);
    }
    int c = key.compareTo(node.key);
    if (c < 0) {
      return balance(node.key, node.value, insert(node.left, key, value), node.right);
    }
    if (c > 0) {
      return balance(node.key, node.value, node.left, insert(node.right, key, value));
    }
    return node.value.equals(value) ? node : new Node(key, value, node.left, node.right);
  }

  private static Node delete(Node node, String key) {
    if (node == null) {
      return null;
    }
    int c = key.compareTo(node.key);
    if (c < 0) {
      return balance(node.key, node.value, delete(node.left, key), node.right);
    }
    if (c > 0) {
      return balance(node.key, node.value, node.left, delete(node.right, key));
    }
    return glue(node.left, node.right);
  }

  /** The two subtrees of a removed node joined (every key of {@code left} is below every key of {@code right}). */
  private static Node glue(Node left, Node right) {
    if (left == null) {
      return right;
    }
    if (right == null) {
      return left;
    }
    if (left.size > right.size) {
      Node max = left;
      while (max.right != null) {
        max = max.right;
      }
      return balance(max.key, max.value, deleteMax(left), right);
    }
    Node min = right;
    while (min.left != null) {
      min = min.left;
    }
    return balance(min.key, min.value, left, deleteMin(right));
  }

  private static Node deleteMin(Node node) {
    if (node.left == null) {
      return node.right;
    }
    return balance(node.key, node.value, deleteMin(node.left), node.right);
  }

  private static Node deleteMax(Node node) {
    if (node.right == null) {
      return node.left;
    }
    return balance(node.key, node.value, node.left, deleteMax(node.right));
  }

  /** A node over {@code left} and {@code right}, rotated if one side outweighs the other after one change. */
  private static Node balance(String key, Instant value, Node left, Node right) {
    int sl = size(left);
    int sr = size(right);
    if (sl + sr <= 1) {
      return new Node(key, value, left, right);
    }
    if (sr > DELTA * sl) {
      return size(right.left) < RATIO * size(right.right)
          ? new Node(right.key, right.value, new Node(key, value, left, right.left), right.right)
          : new Node(right.left.key, right.left.value, new Node(key, value, left, right.left.left),
              new Node(right.key, right.value, right.left.right, right.right));
    }
    if (sl > DELTA * sr) {
      return size(left.right) < RATIO * size(left.left)
          ? new Node(left.key, left.value, left.left, new Node(key, value, left.right, right))
          : new Node(left.right.key, left.right.value, new Node(left.key, left.value, left.left, left.right.left),
              new Node(key, value, left.right.right, right));
    }
    return new Node(key, value, left, right);
  }

  /**
   * Checks the structure (tests): keys in order, sizes right, every node weight-balanced, the time order sorted
   * and holding every remembered id at its time.
   *
   * @throws IllegalStateException naming the first broken invariant
   */
  void verifyInvariants() {
    verify(root, null, null);
    for (int i = 1; i < byTime.size(); i++) {
      if (byTime.get(i - 1).at.isAfter(byTime.get(i).at)) {
        throw new IllegalStateException("time order not sorted at " + i);
      }
    }
    Map<String, Instant> live = new TreeMap<>();
    for (Seen seen : byTime) {
      if (seen.at.equals(get(seen.id))) {
        live.put(seen.id, seen.at);
      }
    }
    if (live.size() != size()) {
      throw new IllegalStateException("time order covers " + live.size() + " of " + size() + " ids");
    }
  }

  private static int verify(Node node, String above, String below) {
    if (node == null) {
      return 0;
    }
    if ((above != null && node.key.compareTo(above) <= 0) || (below != null && node.key.compareTo(below) >= 0)) {
      throw new IllegalStateException("key " + node.key + " out of order");
    }
    int left = verify(node.left, above, node.key);
    int right = verify(node.right, node.key, below);
    if (node.size != left + right + 1) {
      throw new IllegalStateException("size of " + node.key + " is " + node.size + ", not " + (left + right + 1));
    }
    if (left + right > 1 && (left > DELTA * right || right > DELTA * left)) {
      throw new IllegalStateException("node " + node.key + " unbalanced: " + left + " vs " + right);
    }
    return node.size;
  }

  // ---------------------------------------------------------------- SortedMap views

  @Override
  public Set<Map.Entry<String, Instant>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, Instant>> iterator() {
        return new InOrder(root);
      }

      @Override
      public int size() {
        return ClientOrderIds.this.size();
      }
    };
  }

  /** In-order traversal with an explicit stack (the tree's height is logarithmic). */
  private static final class InOrder implements Iterator<Map.Entry<String, Instant>> {
    private final ArrayDeque<Node> stack = new ArrayDeque<>();

    InOrder(Node root) {
      descend(root);
    }

    private void descend(Node node) {
      for (Node n = node; n != null; n = n.left) {
        stack.push(n);
      }
    }

    @Override
    public boolean hasNext() {
      return !stack.isEmpty();
    }

    @Override
    public Map.Entry<String, Instant> next() {
      if (stack.isEmpty()) {
        throw new NoSuchElementException();
      }
      Node node = stack.pop();
      descend(node.right);
      return new AbstractMap.SimpleImmutableEntry<>(node.key, node.value);
    }
  }

  @Override
  public Comparator<? super String> comparator() {
    return null;
  }

  @Override
  public String firstKey() {
    if (root == null) {
      throw new NoSuchElementException();
    }
    Node node = root;
    while (node.left != null) {
      node = node.left;
    }
    return node.key;
  }

  @Override
  public String lastKey() {
    if (root == null) {
      throw new NoSuchElementException();
    }
    Node node = root;
    while (node.right != null) {
      node = node.right;
    }
    return node.key;
  }

  @Override
  public SortedMap<String, Instant> subMap(String fromKey, String toKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).subMap(fromKey, toKey));
  }

  @Override
  public SortedMap<String, Instant> headMap(String toKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).headMap(toKey));
  }

  @Override
  public SortedMap<String, Instant> tailMap(String fromKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).tailMap(fromKey));
  }
}
