package com.tradingml.serving;

import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.AccountRiskState;
import com.tradingml.core.risk.OrderIntent;
import com.tradingml.core.risk.ReferencePrice;
import com.tradingml.core.risk.RiskDecision;
import com.tradingml.core.risk.RiskLimits;
import com.tradingml.core.risk.RiskState;
import com.tradingml.core.risk.RiskStateUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A {@link RiskState} whose every call answers within {@code timeout}: the delegate runs on its own threads and a
 * call that takes longer fails closed (a rejected decision with {@link RiskDecision#RISK_STATE_UNAVAILABLE}, an
 * update not applied, the kill switch read as engaged), as R8 demands of a backend that does not answer. A call
 * that timed out may still complete in the backend; that errs on the safe side (an order counted that was never
 * sent), and a retry with the same client order id gets that original decision back.
 *
 * <p>Used for backends outside the JVM (Redis); the in-memory state needs no such guard. Thread-safe; closes the
 * delegate (if {@link AutoCloseable}) and its threads on {@link #close()}.
 */
public final class TimeLimitedRiskState implements RiskState, AutoCloseable {

  private final RiskState delegate;
  private final long timeoutNanos;
  private final ExecutorService calls;

  public TimeLimitedRiskState(RiskState delegate, Duration timeout) {
    if (delegate == null || timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a time-limited risk state needs a delegate and a positive timeout");
    }
    this.delegate = delegate;
    this.timeoutNanos = timeout.toNanos();
    this.calls = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "risk-state-call");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public RiskDecision submit(OrderIntent order, Optional<ReferencePrice> reference, RiskLimits limits, Instant now) {
    String id = order == null ? "" : order.clientOrderId();
    return call(() -> delegate.submit(order, reference, limits, now),
        detail -> RiskDecision.unavailable(id, detail));
  }

  @Override
  public Optional<AccountRiskState> snapshot(String account) {
    return call(() -> delegate.snapshot(account), detail -> Optional.empty());
  }

  @Override
  public RiskStateUpdate mark(String account, Symbol symbol, double price, Instant asOf, RiskLimits limits) {
    return call(() -> delegate.mark(account, symbol, price, asOf, limits), TimeLimitedRiskState::unavailable);
  }

  @Override
  public RiskStateUpdate engageKillSwitch(String account, String reason, Instant now) {
    return call(() -> delegate.engageKillSwitch(account, reason, now), TimeLimitedRiskState::unavailable);
  }

  @Override
  public RiskStateUpdate resetKillSwitch(String account, String actor, Instant now) {
    return call(() -> delegate.resetKillSwitch(account, actor, now), TimeLimitedRiskState::unavailable);
  }

  @Override
  public boolean killSwitchEngaged(String account) {
    return call(() -> delegate.killSwitchEngaged(account), detail -> true);
  }

  private <T> T call(Supplier<T> work, java.util.function.Function<String, T> failClosed) {
    Future<T> future;
    try {
      future = calls.submit(work::get);
    } catch (RuntimeException e) {
      return failClosed.apply("risk state call not started: " + e);
    }
    try {
      T result = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
      return result == null ? failClosed.apply("risk state returned nothing") : result;
    } catch (TimeoutException e) {
      future.cancel(true);
      return failClosed.apply("risk state did not answer within " + Duration.ofNanos(timeoutNanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failClosed.apply("interrupted while waiting for the risk state");
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return failClosed.apply("risk state failed: " + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }
  }

  private static RiskStateUpdate unavailable(String detail) {
    return new RiskStateUpdate(false, RiskDecision.RISK_STATE_UNAVAILABLE, detail, true);
  }

  @Override
  public void close() {
    calls.shutdownNow();
    if (delegate instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing on shutdown: nothing left to protect
      }
    }
  }
}
