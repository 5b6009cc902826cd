package com.tradingml.core.risk;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * An immutable map in the natural order of its keys, held in two sorted arrays: lookup by binary search, iteration
 * without allocation by index ({@link #keyAt}, {@link #valueAt}), and a copy of the arrays per change
 * ({@link #with}, {@link #without}). For the per-symbol maps of {@link AccountRiskState} (holdings, marks): a few
 * dozen to a few hundred entries, where copying two arrays is cheaper than the nodes of a tree.
 *
 * <p>Equal to, and with the same hash code as, any {@link Map} with the same entries; prints like a
 * {@link TreeMap}. Immutable and thread-safe; mutators throw {@link UnsupportedOperationException}. Holds no
 * null key or value. The {@link #memo} slot caches a value its owner derived from this map (not part of the map's
 * value: ignored by equality and hashing).
 */
final class SortedArrayMap<K extends Comparable<? super K>, V> extends AbstractMap<K, V> implements SortedMap<K, V> {

  private static final Object[] NONE = {};
  private static final SortedArrayMap<?, ?> EMPTY = new SortedArrayMap<>(NONE, NONE);

  private final Object[] keys;
  private final Object[] values;
  /**
   * A value the owner derived from this map and must recognise as its own (see {@link #memo()}), or null. A benign
   * race as in {@link String#hashCode()}: a reader sees null or some object stored by a writer; stored objects are
   * immutable with final fields, so they are safely published without a fence.
   */
  private Object memo;

  private SortedArrayMap(Object[] keys, Object[] values) {
    this.keys = keys;
    this.values = values;
  }

  @SuppressWarnings("unchecked")
  static <K extends Comparable<? super K>, V> SortedArrayMap<K, V> empty() {
    return (SortedArrayMap<K, V>) EMPTY;
  }

  /**
   * The entries of {@code sorted}, which must iterate in the natural order of its keys and hold no nulls (a
   * {@link TreeMap} without a comparator that the caller checked).
   */
  static <K extends Comparable<? super K>, V> SortedArrayMap<K, V> ofSorted(Map<K, V> sorted) {
    int n = sorted.size();
    if (n == 0) {
      return empty();
    }
    Object[] keys = new Object[n];
    Object[] values = new Object[n];
    int i = 0;
    for (Map.Entry<K, V> entry : sorted.entrySet()) {
      keys[i] = entry.getKey();
      values[i] = entry.getValue();
      i++;
    }
    return new SortedArrayMap<>(keys, values);
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public boolean isEmpty() {
    return keys.length == 0;
  }

  @SuppressWarnings("unchecked")
  K keyAt(int index) {
    return (K) keys[index];
  }

  @SuppressWarnings("unchecked")
  V valueAt(int index) {
    return (V) values[index];
  }

  /** The index of {@code key}, or {@code -(insertion point) - 1} when absent (as {@link Arrays#binarySearch}). */
  @SuppressWarnings("unchecked")
  int indexOf(Object key) {
    if (key == null) {
      throw new NullPointerException("key");
    }
    Comparable<Object> wanted = (Comparable<Object>) key;
    int low = 0;
    int high = keys.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      Object probe = keys[mid];
      int c = probe == key ? 0 : wanted.compareTo(probe);
      if (c > 0) {
        low = mid + 1;
      } else if (c < 0) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -(low + 1);
  }

  /**
   * The index of {@code key} searching forward from {@code start} (a merge walk over two maps in the same order),
   * or {@code -(insertion point) - 1} when absent.
   */
  int seek(K key, int start) {
    int i = start;
    while (i < keys.length) {
      Object probe = keys[i];
      if (probe == key) {
        return i;
      }
      int c = key.compareTo(keyAt(i));
      if (c == 0) {
        return i;
      }
      if (c < 0) {
        break;
      }
      i++;
    }
    return -(i + 1);
  }

  @Override
  public V get(Object key) {
    int at = indexOf(key);
    return at >= 0 ? valueAt(at) : null;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  /** This map with {@code key} mapped to {@code value} (both non-null). */
  SortedArrayMap<K, V> with(K key, V value) {
    if (key == null || value == null) {
      throw new NullPointerException("key or value");
    }
    return with(key, value, indexOf(key));
  }

  /** {@link #with(Object, Object)} when the caller has already searched: {@code at} is {@code indexOf(key)}. */
  SortedArrayMap<K, V> with(K key, V value, int at) {
    if (key == null || value == null) {
      throw new NullPointerException("key or value");
    }
    if (at >= 0) {
      if (values[at] == value) {
        return this;
      }
      Object[] newValues = values.clone();
      newValues[at] = value;
      return new SortedArrayMap<>(keys, newValues);
    }
    int insert = -at - 1;
    int n = keys.length;
    Object[] newKeys = new Object[n + 1];
    Object[] newValues = new Object[n + 1];
    System.arraycopy(keys, 0, newKeys, 0, insert);
    System.arraycopy(values, 0, newValues, 0, insert);
    newKeys[insert] = key;
    newValues[insert] = value;
    System.arraycopy(keys, insert, newKeys, insert + 1, n - insert);
    System.arraycopy(values, insert, newValues, insert + 1, n - insert);
    return new SortedArrayMap<>(newKeys, newValues);
  }

  /** This map without {@code key}. */
  SortedArrayMap<K, V> without(K key) {
    return without(indexOf(key));
  }

  /** {@link #without(Object)} when the caller has already searched: {@code at} is {@code indexOf(key)}. */
  SortedArrayMap<K, V> without(int at) {
    if (at < 0) {
      return this;
    }
    int n = keys.length;
    if (n == 1) {
      return empty();
    }
    Object[] newKeys = new Object[n - 1];
    Object[] newValues = new Object[n - 1];
    System.arraycopy(keys, 0, newKeys, 0, at);
    System.arraycopy(values, 0, newValues, 0, at);
    System.arraycopy(keys, at + 1, newKeys, at, n - at - 1);
    System.arraycopy(values, at + 1, newValues, at, n - at - 1);
    return new SortedArrayMap<>(newKeys, newValues);
  }

  /** A map with the same keys and {@code newValues} (parallel to the keys, non-null; handed over, not copied). */
  SortedArrayMap<K, V> withValues(Object[] newValues) {
    if (newValues.length != keys.length) {
      throw new IllegalArgumentException(newValues.length + " values for " + keys.length + " keys");
    }
    return new SortedArrayMap<>(keys, newValues);
  }

  /**
   * The value last stored with {@link #memo(Object)}, or null. A cache: the owner checks that it still applies (it
   * may have been replaced by another derivation over this map, from another thread too) and recomputes otherwise.
   */
  Object memo() {
    return memo;
  }

  /** Stores a value derived from this map (an immutable object with final fields); see {@link #memo()}. */
  void memo(Object value) {
    memo = value;
  }

  @Override
  public void forEach(BiConsumer<? super K, ? super V> action) {
    for (int i = 0; i < keys.length; i++) {
      action.accept(keyAt(i), valueAt(i));
    }
  }

  /** As {@link AbstractMap#equals}; against another array map, entry by entry without building entries. */
  @Override
  public boolean equals(Object other) {
    if (other == this) {
      return true;
    }
    if (!(other instanceof SortedArrayMap<?, ?> that)) {
      return super.equals(other);
    }
    if (that.keys.length != keys.length) {
      return false;
    }
    for (int i = 0; i < keys.length; i++) {
      if (!keys[i].equals(that.keys[i]) || !values[i].equals(that.values[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = 0;
    for (int i = 0; i < keys.length; i++) {
      hash += keys[i].hashCode() ^ values[i].hashCode();
    }
    return hash;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<K, V>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Map.Entry<K, V> next() {
            if (next >= keys.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(keyAt(i), valueAt(i));
          }
        };
      }

      @Override
      public int size() {
        return keys.length;
      }
    };
  }

  @Override
  public Comparator<? super K> comparator() {
    return null;
  }

  @Override
  public K firstKey() {
    if (keys.length == 0) {
      throw new NoSuchElementException();
    }
    return keyAt(0);
  }

  @Override
  public K lastKey() {
    if (keys.length == 0) {
      throw new NoSuchElementException();
    }
    return keyAt(keys.length - 1);
  }

  @Override
  public SortedMap<K, V> subMap(K fromKey, K toKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).subMap(fromKey, toKey));
  }

  @Override
  public SortedMap<K, V> headMap(K toKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).headMap(toKey));
  }

  @Override
  public SortedMap<K, V> tailMap(K fromKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).tailMap(fromKey));
  }
}
