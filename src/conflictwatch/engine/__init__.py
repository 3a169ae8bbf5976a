"""How runs execute and how fast: the Dask engine, the benchmark corpus and the benchmarks.

* :mod:`conflictwatch.engine.dask_engine` — ``run_dask(paths, store, ...)``: the corpus partitioned
  over Dask workers, each loading the models once; the client is the single writer.
* :mod:`conflictwatch.engine.corpus` — long English and French pages generated from the team's example
  texts, for throughput and growth benchmarks.
* :mod:`conflictwatch.engine.bench` — throughput, growth and store benchmarks (``conflictwatch bench``).

Nothing is imported here: Dask is optional and heavy.
"""
