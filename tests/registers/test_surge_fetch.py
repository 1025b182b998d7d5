"""A month-start surge (issue 16 item 1): many worker threads ask the registers at the same
moment. No routine case may go to the queue as ``register_late`` only because its question
waited for its turn on our side or was dropped by a full listen queue."""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Iterable

from bistand.demo.simulator import start_simulator
from bistand.registers import services
from bistand.registers.types import Source, SourceResult, Status


class CountingTransport:
    """Answers after a short pause and records how many questions were in flight at once."""

    def __init__(self, pause: float) -> None:
        self.pause = pause
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most = 0

    def fetch(self, request: object, sources: Iterable[Source]) -> dict[Source, SourceResult]:
        with self.lock:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
        try:
            time.sleep(self.pause)
        finally:
            with self.lock:
                self.in_flight -= 1
        return {s: SourceResult(source=s, status=Status.OK, duration_ms=1) for s in sources}


def test_a_process_keeps_its_questions_in_flight_bounded_and_waiting_is_not_lateness(settings):
    """Four worker threads ask 20 people each at the same moment; the process sends at most 3
    questions at a time. Every question gets its answer: the time spent waiting for a free slot
    (about a second in all, longer than the fetch timeout) is not counted as the register's."""
    settings.REGISTERS_QUESTIONS_PER_PROCESS = 3
    settings.REGISTERS_PEOPLE_AT_ONCE = 64
    transport = CountingTransport(pause=0.04)
    answers: list[list[object]] = []

    def batch() -> None:
        calls = [(lambda: transport.fetch(None, [Source.AF])) for _ in range(20)]
        answers.append(services._ask_concurrently(calls, timeout=0.6))

    threads = [threading.Thread(target=batch) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert transport.most <= 3
    assert len(answers) == 4
    late = sum(1 for batch_answers in answers for answer in batch_answers if answer is None)
    assert late == 0
    assert all(isinstance(a, dict) for batch_answers in answers for a in batch_answers)


def test_no_bound_when_set_to_zero(settings):
    settings.REGISTERS_QUESTIONS_PER_PROCESS = 0
    transport = CountingTransport(pause=0.2)
    calls = [(lambda: transport.fetch(None, [Source.AF])) for _ in range(10)]
    answers = services._ask_concurrently(calls, timeout=10)
    assert transport.most == 10
    assert all(isinstance(a, dict) for a in answers)


def test_the_simulator_takes_a_surge_of_connections_before_it_accepts_any():
    """600 connections opened at once while the simulator's accept loop has not taken any (as
    when its threads are busy): the kernel completes every one (a listen queue of 256 dropped
    the rest, and those clients timed out connecting)."""
    running = start_simulator(background=False)
    host, port = running.server.server_address[:2]
    sockets: list[socket.socket] = []
    try:
        for _ in range(600):
            client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            client.setblocking(False)
            client.connect_ex((host, port))
            sockets.append(client)
        pending = set(sockets)
        deadline = time.monotonic() + 10
        while pending and time.monotonic() < deadline:
            _, writable, _ = select.select([], list(pending)[:500], [], 0.5)
            for client in writable:
                if client.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                    pending.discard(client)
        assert len(pending) == 0
    finally:
        for client in sockets:
            client.close()
        running.server.server_close()
