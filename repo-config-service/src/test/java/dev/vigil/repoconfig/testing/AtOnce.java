package dev.vigil.repoconfig.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Sends {@code count} requests as close to simultaneously as threads allow. */
public final class AtOnce {

  /** The {@code i}-th request (0-based), sent however the test sends requests. */
  @FunctionalInterface
  public interface Request<T> {
    T send(int i) throws Exception;
  }

  private AtOnce() {}

  /**
   * Prepares one thread per request, releases them together and returns their answers in request
   * order, each awaited for at most {@code timeout}.
   */
  public static <T> List<T> send(int count, Duration timeout, Request<T> request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return request.send(index);
                }));
      }
      start.countDown();
      List<T> answers = new ArrayList<>();
      for (Future<T> f : futures) {
        answers.add(f.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
      }
      return answers;
    } finally {
      pool.shutdown();
    }
  }
}
