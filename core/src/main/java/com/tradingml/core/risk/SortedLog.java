package com.tradingml.core.risk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list kept in non-decreasing order, built for a sliding window: appending at the end and dropping
 * from the front are O(1) (amortized), so a state that remembers the last N events does not copy N of them on
 * every event. What {@link AccountRiskState} keeps its accepted-order times (and {@link ClientOrderIds} its expiry
 * order) in.
 *
 * <p>Every list is a window {@code [from, to)} onto a shared buffer. Appending to a list whose window ends where
 * the buffer's written part ends claims the next slot (a compare-and-set, so of two lists that share a buffer only
 * one extends it in place; the other copies) and writes it; a slot is written once and only lists whose window
 * covers it ever read it, so every list stays unchanged and thread-safe. A full buffer is replaced by one of twice
 * the live size, which also releases the dropped entries. Inserting anywhere but the end copies (O(n)): out-of-order
 * times are rare.
 *
 * <p>Immutable and thread-safe; mutators of {@link java.util.List} throw {@link UnsupportedOperationException}.
 */
final class SortedLog<E> extends AbstractList<E> implements RandomAccess {

  private static final int MIN_CAPACITY = 8;
  private static final SortedLog<Object> EMPTY = new SortedLog<>(null, 0, 0);

  /** Shared storage; {@code claimed} slots have been handed out (written or about to be, by their claimer). */
  private static final class Buffer {
    private static final VarHandle CLAIMED;

    static {
      try {
        CLAIMED = MethodHandles.lookup().findVarHandle(Buffer.class, "claimed", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Object[] items;
    @SuppressWarnings("unused") // accessed through CLAIMED
    private volatile int claimed;

    Buffer(Object[] items, int claimed) {
      this.items = items;
      this.claimed = claimed;
    }

    boolean claim(int slot) {
      return slot < items.length && CLAIMED.compareAndSet(this, slot, slot + 1);
    }
  }

  private final Buffer buffer;
  private final int from;
  private final int to;

  private SortedLog(Buffer buffer, int from, int to) {
    this.buffer = buffer;
    this.from = from;
    this.to = to;
  }

  @SuppressWarnings("unchecked")
  static <E> SortedLog<E> empty() {
    return (SortedLog<E>) EMPTY;
  }

  /** A log of {@code sorted} (not copied: the caller hands it over), which must be in non-decreasing order. */
  static <E> SortedLog<E> ofSorted(Object[] sorted) {
    if (sorted.length == 0) {
      return empty();
    }
    return new SortedLog<>(new Buffer(sorted, sorted.length), 0, sorted.length);
  }

  @Override
  @SuppressWarnings("unchecked")
  public E get(int index) {
    Objects.checkIndex(index, to - from);
    return (E) buffer.items[from + index];
  }

  @Override
  public int size() {
    return to - from;
  }

  /** The first element; the log must not be empty. */
  E first() {
    return get(0);
  }

  /**
   * The log with {@code element} inserted after every element not greater than it (at the end when it is not
   * before the last one: the common case, O(1) amortized).
   */
  SortedLog<E> insert(E element, Comparator<? super E> order) {
    int size = to - from;
    if (size == 0 || order.compare(get(size - 1), element) <= 0) {
      if (size > 0 && buffer.claim(to)) {
        buffer.items[to] = element;
        return new SortedLog<>(buffer, from, to + 1);
      }
      Object[] items = new Object[Math.max(MIN_CAPACITY, 2 * (size + 1))];
      if (size > 0) {
        System.arraycopy(buffer.items, from, items, 0, size);
      }
      items[size] = element;
      return new SortedLog<>(new Buffer(items, size + 1), 0, size + 1);
    }
    int at = size;
    while (at > 0 && order.compare(get(at - 1), element) > 0) {
      at--;
    }
    Object[] items = new Object[Math.max(MIN_CAPACITY, 2 * (size + 1))];
    System.arraycopy(buffer.items, from, items, 0, at);
    items[at] = element;
    System.arraycopy(buffer.items, from + at, items, at + 1, size - at);
    return new SortedLog<>(new Buffer(items, size + 1), 0, size + 1);
  }

  /** The log without its first {@code count} elements. */
  SortedLog<E> dropFirst(int count) {
    Objects.checkFromToIndex(0, count, to - from);
    if (count == 0) {
      return this;
    }
    return count == to - from ? empty() : new SortedLog<>(buffer, from + count, to);
  }

  /** The index of the first element greater than {@code key} ({@link #size()} when there is none): binary search. */
  int firstAfter(E key, Comparator<? super E> order) {
    int low = 0;
    int high = to - from;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (order.compare(get(mid), key) <= 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  @Override
  public Object[] toArray() {
    return to == from ? new Object[0] : Arrays.copyOfRange(buffer.items, from, to);
  }
}
