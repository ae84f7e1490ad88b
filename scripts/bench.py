"""Side-by-side benchmark of the project against stock Rasa (``make bench``).

Why side by side: the machine is shared and noisy, so only ratios measured in
the same run mean anything. One run:

1. the peer - the assistant ``rasa init`` creates - is created (which trains
   it; the wall time is recorded) and served with its REST channel;
2. the project is served exactly as ``make run`` serves it (``bot.stack.LocalStack``:
   action server, Rasa with the hardened REST channel and SQL tracker store,
   page backend), on free ports, with the demo data;
3. each side gets the same closed-loop load, one side at a time: N concurrent
   conversations of M messages over REST; p50/p95/p99 latency, throughput,
   errors and the servers' peak RSS are recorded;
4. NLU parse time per message on the held-out split (tests/nlu): the project's
   pipeline versus Rasa's default pipeline trained on the project's data;
5. ``rasa train`` of the project from a cold cache (the <= 5 min target).

Writes reports/bench.json and reports/bench_latency.png, prints a summary with
the target ratios, and exits 1 when any request failed (non-200, exception,
empty reply or the "temporarily unavailable" / apology answer).

Usage: python scripts/bench.py [--conversations 20] [--turns 25] [--skip-train]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bot.* and the custom NLU components
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

import requests  # noqa: E402

from bot.stack import VENV_BIN, Service, latest_model  # noqa: E402

REPORTS = ROOT / "reports"
DEMO_DATA = ROOT / "data" / "demo" / "orders.json"
# The demo data's "today": every persona's answers (open orders, refund windows) are stable.
DEMO_TODAY = "2026-11-22"
RSS_LIMIT_MB = 1536
TRAIN_LIMIT_S = 300
P95_RATIO_MAX = 1.5
THROUGHPUT_RATIO_MIN = 0.8

# --- the load ---------------------------------------------------------------

PEER_SCRIPT = ["hello", "I am sad", "no", "great", "are you a bot?", "yes", "bye",
               "hi there", "I am feeling very good", "goodbye", "very sad", "of course",
               "am I talking to a human?", "perfect", "never", "good morning", "see you later"]

# (customer id or None for anonymous, language, messages): one persona per
# conversation, cycled to the requested length. Data-backed turns dominate.
PROJECT_PERSONAS: List[Tuple[str | None, str, List[str]]] = [
    ("CUST-1001", "vi", ["xin chào", "tại sao tôi bị tính phí hai lần?", "tôi muốn hủy đơn hàng ORD-1001",
                         '/inform{"item_id":"ITM-1"}', "có, hủy đi", "đơn hàng của tôi đang ở đâu?", "cảm ơn"]),
    ("CUST-1002", "en", ["hello", "where is my order? has it shipped?",
                         "my payment failed and my balance is overdue, how do I pay?",
                         "what does a pending charge on my account mean?", "thanks",
                         "why did I get two bills this month?"]),
    ("CUST-2001", "en", ["I'd like a refund for a partner benefit we bought", '/inform{"purchase_id":"PPB-3001"}',
                         "/deny", "refund for partner purchase PPB-3002", '/inform{"purchase_id":"PPB-3002"}',
                         "/deny", "thanks"]),
    ("CUST-2002", "vi", ["công ty tôi muốn được hoàn tiền gói đối tác", '/inform{"purchase_id":"PPB-3101"}',
                         "cảm ơn", "đơn hàng của tôi đã giao chưa?", "tạm biệt"]),
    (None, "en", ["hello", "why did I get two bills for my subscription this month?",
                  "I want to cancel my pre-order ORD-1002", "minhanh.nguyen@example.com",
                  '/inform{"item_id":"ITM-3"}', "/deny", "how do I cancel an order?", "goodbye"]),
    (None, "vi", ["xin chào", "tại sao tôi bị tính phí hai lần?",
                  "làm sao để con tôi phải hỏi ý kiến bố mẹ trước khi mua", "tôi muốn hủy đơn hàng ORD-1002",
                  "minhanh.nguyen@example.com", '/inform{"item_id":"ITM-3"}', "/deny", "tạm biệt"]),
]


@dataclass
class Turn:
    payload: dict
    side: str
    conversation: int
    index: int


@dataclass
class Result:
    side: str
    conversation: int
    index: int
    seconds: float
    status: int
    error: str = ""


def cycled(messages: Sequence[str], n: int, offset: int = 0) -> List[str]:
    return [messages[(offset + i) % len(messages)] for i in range(n)]


def peer_conversations(n: int, turns: int, run_id: str) -> List[List[dict]]:
    return [[{"sender": f"peer-{run_id}-{c}", "message": m} for m in cycled(PEER_SCRIPT, turns, c)]
            for c in range(n)]


def project_conversations(n: int, turns: int, run_id: str, tokens: Dict[str, str]) -> List[List[dict]]:
    convs = []
    for c in range(n):
        customer, lang, script = PROJECT_PERSONAS[c % len(PROJECT_PERSONAS)]
        meta = {"language": lang, **({"customer_token": tokens[customer]} if customer else {})}
        convs.append([{"sender": f"proj-{run_id}-{c}", "message": m, "metadata": meta}
                      for m in cycled(script, turns)])
    return convs


def polite_failure_texts() -> List[str]:
    """Reply prefixes that mean the turn failed even though HTTP said 200."""
    from bot.i18n import t

    texts = [t("unavailable", lang) for lang in ("vi", "en")]
    texts += [t("error.apology", lang, ref="\x00").split("\x00")[0] for lang in ("vi", "en")]
    return texts


def classify(resp: requests.Response, failures: Sequence[str]) -> str:
    """Why a turn failed, or "". An empty list is a failure only for the project, whose
    channel always answers; the stock bot legitimately stays silent (e.g. "no" first)."""
    if resp.status_code != 200:
        return f"HTTP {resp.status_code}"
    body = resp.json()
    if not isinstance(body, list) or (not body and failures):
        return "empty reply"
    text = "\n".join(m.get("text") or "" for m in body)
    if any(f in text for f in failures):
        return "unavailable/apology reply"
    return ""


def run_load(url: str, conversations: List[List[dict]], side: str, failures: Sequence[str],
             timeout: float = 120) -> Tuple[List[Result], float]:
    """Closed loop: each conversation sends its next message after the reply."""

    def converse(c: int, turns: List[dict]) -> List[Result]:
        out = []
        with requests.Session() as http:
            for i, payload in enumerate(turns):
                start = time.perf_counter()
                try:
                    resp = http.post(url, json=payload, timeout=timeout)
                    error = classify(resp, failures)
                    status = resp.status_code
                except (requests.RequestException, ValueError) as exc:
                    error, status = type(exc).__name__, 0
                out.append(Result(side, c, i, time.perf_counter() - start, status, error))
        return out

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(conversations)) as pool:
        results = [r for rs in pool.map(converse, range(len(conversations)), conversations) for r in rs]
    return results, time.perf_counter() - start


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summarise(results: List[Result], wall: float) -> dict:
    lat = [r.seconds for r in results]
    errors = [r for r in results if r.error]
    kinds: Dict[str, int] = {}
    for r in errors:
        kinds[r.error] = kinds.get(r.error, 0) + 1
    return {"messages": len(results), "wall_s": round(wall, 2),
            "throughput_msgs_per_s": round(len(results) / wall, 2),
            "p50_ms": round(percentile(lat, 50) * 1000, 1), "p95_ms": round(percentile(lat, 95) * 1000, 1),
            "p99_ms": round(percentile(lat, 99) * 1000, 1), "mean_ms": round(statistics.fmean(lat) * 1000, 1),
            "errors": len(errors), "error_kinds": kinds}


# --- processes ----------------------------------------------------------------

class RssSampler:
    """Peak resident memory of processes: the kernel's VmHWM, plus polling as a check."""

    def __init__(self, pids: Dict[str, int], interval: float = 0.5) -> None:
        self.pids, self.interval = pids, interval
        self.peak_kb: Dict[str, int] = dict.fromkeys(pids, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def _sample(self) -> None:
        for name, pid in self.pids.items():
            status = proc_status(pid)
            rss = max(status.get("VmHWM", 0), status.get("VmRSS", 0))
            self.peak_kb[name] = max(self.peak_kb[name], rss)

    def peak_mb(self) -> Dict[str, float]:
        return {name: round(kb / 1024, 1) for name, kb in self.peak_kb.items()}


def proc_status(pid: int) -> Dict[str, int]:
    """kB fields of /proc/<pid>/status (psutil is not a project dependency)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    out = {}
    for line in lines:
        key, _, value = line.partition(":")
        if value.strip().endswith("kB"):
            out[key] = int(value.split()[0])
    return out


def clean_env(cache: Path) -> Dict[str, str]:
    """Environment for a cold ``rasa train``: a fresh graph cache, no telemetry."""
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "RASA_CACHE_DIRECTORY": str(cache),
            "PYTHONPATH": str(ROOT)}


def timed(argv: List[str], cwd: Path, env: Dict[str, str], log: Path) -> float:
    start = time.perf_counter()
    with open(log, "wb") as out:
        subprocess.run(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, check=True)
    return time.perf_counter() - start


def create_peer(tmp: Path) -> Tuple[Path, float]:
    """``rasa init --no-prompt`` copies the stock project and trains it; time it all."""
    peer = tmp / "peer"
    peer.mkdir()
    seconds = timed([str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(peer)], tmp,
                    clean_env(tmp / "cache-peer"), tmp / "peer-init.log")
    return peer, seconds


def peer_server(peer: Path, port: int, log_dir: Path) -> Service:
    argv = [str(VENV_BIN / "rasa"), "run", "--model", str(peer / "models"), "--credentials",
            str(peer / "credentials.yml"), "--interface", "127.0.0.1", "--port", str(port)]
    return Service("peer rasa", argv, f"http://127.0.0.1:{port}/webhooks/rest/",
                   f"http://127.0.0.1:{port}/webhooks/rest/webhook", log_path=log_dir / "peer-rasa.log")


def warm_up(url: str, payloads: List[dict]) -> None:
    """Compile TF graphs and open DB connections before the clock starts."""
    for payload in payloads:
        requests.post(url, json={**payload, "sender": "warmup-" + payload["sender"]}, timeout=300)


def bench_peer(tmp: Path, args: argparse.Namespace) -> dict:
    from bot.stack import free_port

    print("peer: rasa init --no-prompt (creates and trains the stock assistant)", flush=True)
    peer, train_s = create_peer(tmp)
    server = peer_server(peer, free_port(), tmp)
    server.start()
    try:
        server.wait_healthy(300)
        convs = peer_conversations(args.conversations, args.turns, str(int(time.time())))
        warm_up(server.public_url, [c[0] for c in convs[:3]])
        print(f"peer: load {args.conversations} x {args.turns}", flush=True)
        with RssSampler({"rasa_server": server.proc.pid}) as rss:
            results, wall = run_load(server.public_url, convs, "peer", [])
    finally:
        server.stop()
    return {"init_and_train_s": round(train_s, 1), "load": summarise(results, wall),
            "peak_rss_mb": rss.peak_mb(), "_latencies": [r.seconds for r in results],
            "_errors": [asdict(r) for r in results if r.error][:20]}


def bench_project(tmp: Path, model: Path, args: argparse.Namespace, failures: Sequence[str]) -> dict:
    import secrets

    from bot.stack import LocalStack

    workdir = tmp / "stack"
    workdir.mkdir()
    env = {"SUPPORT_DB_URL": f"sqlite:///{workdir / 'support.db'}", "SUPPORT_TODAY": DEMO_TODAY,
           "SUPPORT_TOKEN_SECRET": secrets.token_hex(32)}
    # Demo mode for the page; one load generator address, so no per-address limits.
    page_env = {"SUPPORT_DEMO": "1", "SUPPORT_WEB_IP_RATE_LIMIT": "1000000",
                "SUPPORT_WEB_IP_NEW_SESSIONS": "1000000"}
    stack = LocalStack(workdir=workdir, model=str(model), env=env, page_env=page_env)
    print(f"project: starting the stack ({model.name})", flush=True)
    stack.start(DEMO_DATA)
    try:
        tokens = {cid: stack.token(cid, ttl=7200) for cid, _, _ in PROJECT_PERSONAS if cid}
        convs = project_conversations(args.conversations, args.turns, str(int(time.time())), tokens)
        warm_up(stack.webhook, [c[i] for c in convs[:6] for i in range(2)])
        print(f"project: load {args.conversations} x {args.turns}", flush=True)
        pids = {"rasa_server": stack.services["rasa"].proc.pid,
                "action_server": stack.services["actions"].proc.pid}
        with RssSampler(pids) as rss:
            results, wall = run_load(stack.webhook, convs, "project", failures)
    finally:
        stack.stop()
    return {"model": str(model), "load": summarise(results, wall), "peak_rss_mb": rss.peak_mb(),
            "_latencies": [r.seconds for r in results],
            "_errors": [asdict(r) for r in results if r.error][:20]}


# --- NLU and training -----------------------------------------------------------

def bench_nlu(tmp: Path, model: Path) -> dict:
    """Per-message parse time on the held-out split: project pipeline vs Rasa default."""
    from scripts.eval_nlu import load_test_split, predict, train_nlu

    texts = [e.text for e in load_test_split()]
    default_cfg = ROOT / "tests" / "nlu" / "configs" / "rasa_default.yml"
    out: dict = {"messages": len(texts)}
    _, out["project_ms_per_message"] = _ms(predict(model, texts))
    if default_cfg.exists():
        print("nlu: training Rasa's default pipeline on the project's NLU data", flush=True)
        os.environ["RASA_CACHE_DIRECTORY"] = str(tmp / "cache-nlu")
        # Parse time does not depend on the number of epochs (same network, same
        # features), so the comparison model trains 5 instead of 100: minutes, not half
        # an hour, on this machine. Its accuracy is not measured here (docs/nlu.md is).
        quick_cfg = tmp / "rasa_default_parse_time.yml"
        quick_cfg.write_text(default_cfg.read_text().replace("epochs: 100", "epochs: 5"))
        default_model, seconds = train_nlu(quick_cfg, tmp / "nlu-default", name="default")
        out["default_train_s"] = round(seconds, 1)
        _, out["rasa_default_ms_per_message"] = _ms(predict(default_model, texts))
    return out


def _ms(parsed: Tuple[list, float]) -> Tuple[list, float]:
    return parsed[0], round(parsed[1] * 1000, 2)


def bench_train(tmp: Path) -> float:
    """``rasa train`` of the whole project from a cold cache into a temp dir."""
    print("train: rasa train of the project (cold cache)", flush=True)
    argv = [str(VENV_BIN / "rasa"), "train", "--config", "config.yml", "--domain", "domain.yml",
            "--data", "data", "--out", str(tmp / "train"), "--fixed-model-name", "bench", "--quiet"]
    return timed(argv, ROOT, clean_env(tmp / "cache-train"), tmp / "train.log")


# --- report ---------------------------------------------------------------------

def targets(report: dict) -> List[Tuple[str, str, bool]]:
    peer, proj = report["peer"]["load"], report["project"]["load"]
    p95_ratio = proj["p95_ms"] / peer["p95_ms"]
    tp_ratio = proj["throughput_msgs_per_s"] / peer["throughput_msgs_per_s"]
    rss = report["project"]["peak_rss_mb"]["rasa_server"]
    rows = [("project p95 / peer p95", f"{p95_ratio:.2f} (<= {P95_RATIO_MAX})", p95_ratio <= P95_RATIO_MAX),
            ("project throughput / peer", f"{tp_ratio:.2f} (>= {THROUGHPUT_RATIO_MIN})",
             tp_ratio >= THROUGHPUT_RATIO_MIN),
            ("Rasa server peak RSS", f"{rss:.0f} MB (<= {RSS_LIMIT_MB})", rss <= RSS_LIMIT_MB)]
    train = report.get("project_train_s")
    if train is not None:
        rows.append(("project rasa train", f"{train:.0f} s (<= {TRAIN_LIMIT_S})", train <= TRAIN_LIMIT_S))
    rows.append(("errors", f"{peer['errors'] + proj['errors']} (= 0)", peer["errors"] + proj["errors"] == 0))
    return rows


def print_summary(report: dict) -> None:
    print(f"\n{'':<22}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'msg/s':>8}{'errors':>8}{'Rasa RSS MB':>13}")
    for side in ("peer", "project"):
        load, rss = report[side]["load"], report[side]["peak_rss_mb"]
        print(f"{side:<22}{load['p50_ms']:>9.0f}{load['p95_ms']:>9.0f}{load['p99_ms']:>9.0f}"
              f"{load['throughput_msgs_per_s']:>8.2f}{load['errors']:>8}{rss['rasa_server']:>13.0f}")
    print(f"action server peak RSS: {report['project']['peak_rss_mb'].get('action_server', 0):.0f} MB")
    nlu = report.get("nlu", {})
    if nlu:
        print(f"NLU parse: project {nlu.get('project_ms_per_message')} ms/msg, "
              f"Rasa default {nlu.get('rasa_default_ms_per_message')} ms/msg ({nlu['messages']} messages)")
    print(f"peer rasa init (incl. training): {report['peer']['init_and_train_s']} s")
    print("\ntargets:")
    for name, value, ok in targets(report):
        print(f"  {'PASS' if ok else 'MISS'}  {name:<28}{value}")


def plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (hist, cdf) = plt.subplots(1, 2, figsize=(12, 4.5))
    for side, colour in (("peer", "tab:gray"), ("project", "tab:blue")):
        ms = sorted(x * 1000 for x in report[side]["_latencies"])
        load = report[side]["load"]
        label = f"{side}: p50 {load['p50_ms']:.0f} / p95 {load['p95_ms']:.0f} ms"
        hist.hist(ms, bins=40, alpha=0.55, color=colour, label=label)
        cdf.plot(ms, [(i + 1) / len(ms) for i in range(len(ms))], color=colour, label=side)
        cdf.axvline(load["p95_ms"], color=colour, linestyle="--", linewidth=0.8)
    hist.set_xlabel("latency per message (ms)")
    hist.set_ylabel("messages")
    hist.legend()
    cdf.set_xscale("log")
    cdf.set_xlabel("latency (ms, log)")
    cdf.set_ylabel("fraction of messages")
    cdf.legend()
    fig.suptitle(f"REST latency, closed loop, {report['config']['conversations']} conversations x "
                 f"{report['config']['turns']} messages (dashed: p95)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(report: dict, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    plot(report, out_dir / "bench_latency.png")
    public = {k: ({kk: vv for kk, vv in v.items() if kk != "_latencies"} if isinstance(v, dict) else v)
              for k, v in report.items()}
    public["targets"] = [{"name": n, "value": v, "pass": ok} for n, v, ok in targets(report)]
    (out_dir / "bench.json").write_text(json.dumps(public, indent=2, ensure_ascii=False))


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--turns", type=int, default=25)
    parser.add_argument("--skip-train", action="store_true", help="skip the project's cold rasa train")
    parser.add_argument("--skip-nlu", action="store_true", help="skip the NLU parse-time comparison")
    parser.add_argument("--out", type=Path, default=REPORTS)
    args = parser.parse_args(argv)
    model = latest_model()
    if model is None:
        print("bench: no trained model in models/ (run make train)", file=sys.stderr)
        return 2
    failures = polite_failure_texts()
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    report: dict = {"config": {"conversations": args.conversations, "turns": args.turns,
                               "cpus": os.cpu_count(), "started": time.strftime("%Y-%m-%dT%H:%M:%S")}}
    try:
        report["peer"] = bench_peer(tmp, args)
        report["project"] = bench_project(tmp, model, args, failures)
        if not args.skip_nlu:
            report["nlu"] = bench_nlu(tmp, model)
        if not args.skip_train:
            report["project_train_s"] = round(bench_train(tmp), 1)
    except BaseException:
        print(f"bench: failed; logs kept in {tmp}", file=sys.stderr)
        raise
    shutil.rmtree(tmp, ignore_errors=True)
    write_report(report, args.out)
    print_summary(report)
    print(f"\nwrote {args.out / 'bench.json'} and {args.out / 'bench_latency.png'}")
    errors = report["peer"]["load"]["errors"] + report["project"]["load"]["errors"]
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
