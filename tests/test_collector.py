"""The collector's pause (queries/collector.py): nested and overlapping
pauses leave the collector as they found it."""
from __future__ import annotations

import gc
import threading

from queries.collector import gc_paused


def test_a_pause_stops_the_collector_and_starts_it_again() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_start_it_again_only_at_the_outer_end() -> None:
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner end does not start it while the outer runs
    assert gc.isenabled()


def test_a_pause_leaves_a_stopped_collector_stopped() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pauses_overlapping_in_two_threads_end_with_the_collector_running() -> None:
    # A pauses, B pauses, A ends, B ends: the collector must run after B
    # (a pause that saved "stopped" from A would leave it stopped for good)
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def a() -> None:
        with gc_paused():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def b() -> None:
        a_in.wait(5)
        with gc_paused():
            b_in.set()
            a_out.wait(5)
            seen.append(gc.isenabled())  # A has ended, B still pauses

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == [False]
    assert gc.isenabled()
