"""PDFs for a batch: one warm LibreOffice per job, fed by threads while the workers build the next districts."""

from __future__ import annotations

import queue
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

from ..word.pdf import PdfUnavailable, to_pdf
from ..word.pdf_server import ConverterUnavailable, PdfServer
from .run import RowResult, default_jobs

__all__ = ["with_pdfs"]


def with_pdfs(results: Iterable[RowResult], jobs: int | None = None, keep_docx: bool = False) -> Iterator[RowResult]:
    """The same results in the same order, each built row with its PDFs (and its .docx when ``keep_docx``).

    A row whose PDF fails is reported as failed with the reason; the converters are always stopped at the end.
    """
    count = max(1, jobs or default_jobs())
    servers: queue.Queue[PdfServer] = queue.Queue()
    for _ in range(count):
        servers.put(PdfServer())

    def convert(result: RowResult) -> RowResult:
        if not result.ok:
            return result
        server = servers.get()
        try:
            try:
                pdfs = server.convert(result.documents)
            except ConverterUnavailable:
                pdfs = to_pdf(result.documents)  # the one-shot path, where no warm converter can start
        except PdfUnavailable as exc:
            result.problems, result.documents = [f"pdf: {exc}"], {}
            return result
        finally:
            servers.put(server)
        result.documents = {**(result.documents if keep_docx else {}), **{f"{kind}.pdf": d for kind, d in pdfs.items()}}
        return result

    pending: deque = deque()
    try:
        with ThreadPoolExecutor(max_workers=count) as pool:
            for result in results:
                pending.append(pool.submit(convert, result))
                while len(pending) > 2 * count:  # a short queue: memory stays flat over many districts
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        while not servers.empty():
            servers.get().close()
