package dev.vigil.kit.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * One {@code LISTEN} connection of its own, opened from the datasource's JDBC settings rather than
 * taken from the pool (the pool is small, and this one is held for the life of the relay). Reopened
 * after a failure; while it is down, {@link #await} answers false and the relay polls.
 */
final class NotificationListener implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(NotificationListener.class);
  private static final long REOPEN_AFTER_MILLIS = 5_000;

  private final String channel;
  private final String url;
  private final Properties credentials;
  private Connection connection;
  private long lastFailure;
  private boolean failureLogged;

  private NotificationListener(String channel, String url, Properties credentials) {
    this.channel = channel;
    this.url = url;
    this.credentials = credentials;
  }

  static NotificationListener fromConfig(String channel) {
    Config config = ConfigProvider.getConfig();
    Properties credentials = new Properties();
    config
        .getOptionalValue("quarkus.datasource.username", String.class)
        .ifPresent(user -> credentials.setProperty("user", user));
    config
        .getOptionalValue("quarkus.datasource.password", String.class)
        .ifPresent(password -> credentials.setProperty("password", password));
    credentials.setProperty("ApplicationName", "vigil-outbox-listener");
    String url = config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).orElse(null);
    return url == null ? null : new NotificationListener(channel, url, credentials);
  }

  /**
   * Waits up to {@code timeout} for a notification and drains all that are queued; true when it
   * waited (notified or not), false when no listening connection could be had (the caller sleeps).
   */
  boolean await(Duration timeout) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Connection listening = connection();
    if (listening == null) {
      return false;
    }
    try {
      PGConnection pg = listening.unwrap(PGConnection.class);
      PGNotification[] received = pg.getNotifications((int) Math.max(1, timeout.toMillis()));
      if (received != null && received.length > 0) {
        pg.getNotifications(-1); // drain what else is queued without waiting
      }
      return true;
    } catch (SQLException e) {
      failed(e);
      return false;
    }
  }

  private Connection connection() {
    if (connection != null) {
      return connection;
    }
    if (System.currentTimeMillis() - lastFailure < REOPEN_AFTER_MILLIS) {
      return null;
    }
    try {
      Connection opened = DriverManager.getConnection(url, credentials);
      try (Statement listen = opened.createStatement()) {
        listen.execute("LISTEN " + channel);
      }
      if (failureLogged) {
        LOG.info("outbox relay: listening for commits again");
        failureLogged = false;
      }
      connection = opened;
      return opened;
    } catch (SQLException e) {
      failed(e);
      return null;
    }
  }

  private void failed(SQLException e) {
    lastFailure = System.currentTimeMillis();
    close();
    if (!failureLogged) {
      LOG.warnf(
          "outbox relay: cannot listen for commits (%s); polling until it can", e.getMessage());
      failureLogged = true;
    }
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("closing the outbox listener failed", e);
      }
      connection = null;
    }
  }
}
