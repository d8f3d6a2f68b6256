"""PDFs for a batch: one warm LibreOffice per job, fed by threads while the workers build the next districts.

Where the warm converter fails on a district (this LibreOffice crashes on documents with Word comments, for one),
that district is converted again by the one-shot path, as ``build`` does; after two such failures in a row the rest
of the run goes straight to the one-shot path. Where that fails too, the district keeps its .docx drafts and its
``pdf_problem`` says why.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from ..word.pdf import PdfUnavailable, to_pdf
from ..word.pdf_server import PdfServer
from .run import RowResult, default_jobs

__all__ = ["with_pdfs"]

WARM_FAILURES_TO_GIVE_UP = 2  # warm failures in a row, each rescued by the one-shot path


def with_pdfs(results: Iterable[RowResult], jobs: int | None = None, keep_docx: bool = False) -> Iterator[RowResult]:
    """The same results in the same order, each built row with its PDFs (and its .docx when ``keep_docx``, or when
    its PDF failed: then ``pdf_problem`` says why). The converters are always stopped at the end; a run that is
    stopped waits only for the conversions already under way."""
    count = max(1, jobs or default_jobs())
    servers: queue.Queue[PdfServer] = queue.Queue()
    every_server = [PdfServer() for _ in range(count)]
    for server in every_server:
        servers.put(server)
    warm = {"failures": 0}
    lock = threading.Lock()

    def pdfs_of(result: RowResult) -> dict:
        with lock:
            use_warm = warm["failures"] < WARM_FAILURES_TO_GIVE_UP
        if use_warm:
            server = servers.get()
            try:
                pdfs = server.convert(result.documents)
                with lock:
                    warm["failures"] = 0
                return pdfs
            except PdfUnavailable:  # it could not start, crashed or hung: the one-shot path, as build uses
                with lock:
                    warm["failures"] += 1
            finally:
                servers.put(server)
        return to_pdf(result.documents)

    def convert(result: RowResult) -> RowResult:
        if not result.ok:
            return result
        try:
            pdfs = pdfs_of(result)
        except PdfUnavailable as exc:
            result.pdf_problem = str(exc)  # the .docx drafts are kept, and the report says so
            return result
        result.documents = {**(result.documents if keep_docx else {}),
                            **{f"{kind}.pdf": document for kind, document in pdfs.items()}}
        return result

    pending: deque[Future] = deque()
    pool = ThreadPoolExecutor(max_workers=count)
    try:
        for result in results:
            pending.append(pool.submit(convert, result))
            while len(pending) > 2 * count:  # a short queue: memory stays flat over many districts
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for server in every_server:
            server.close()
