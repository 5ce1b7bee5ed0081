package io.marketplaceexporter.operations;

/**
 * Told after a rollback action ran (its HTTP request answered 2xx); the verification watch starts
 * from here. Called on the thread that ran the action; implementations return quickly.
 */
public interface RollbackListener {
  RollbackListener NONE = started -> {};

  void rollbackStarted(RollbackStarted started);
}
