"""A deterministic corpus: N playbooks of every kind with realistic text, a quarter translated.

Used by every benchmark so their figures compare. Same N, same seed: the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generator.scaffold import init_project  # noqa: E402

KINDS = [
    "onboarding-checklist",
    "transparency-guide",
    "conversation-script",
    "role-pairing",
    "decision-boundaries",
    "handoff",
]
ROLES = [
    "customer-success-manager",
    "support-representative",
    "implementation-specialist",
    "cx-leader",
    "talent-development",
    "employee-relations",
    "onboarding-team",
    "people-ops",
    "customer",
]

WORDS = {
    "en": (
        "customer team feedback onboarding week review owner ticket renewal promise expectation conversation "
        "question answer support success plan goal timeline update record handover training account trust "
        "colleague manager culture value behaviour escalation refund credit roadmap request release note "
        "workspace data integration sponsor kickoff buddy schedule agenda checklist practice principle "
        "listen pause silence apology decision boundary guideline reason limit honest clear early late "
        "weekly monthly shared written personal specific concrete realistic careful friendly direct"
    ).split(),
    "it": (
        "cliente squadra riscontro inserimento settimana revisione responsabile richiesta rinnovo promessa "
        "aspettativa conversazione domanda risposta supporto successo piano obiettivo aggiornamento registro "
        "consegna formazione fiducia collega cultura valore comportamento rimborso credito rilascio nota "
        "dati integrazione sponsor agenda pratica principio ascolto pausa silenzio scuse decisione limite "
        "onesto chiaro presto tardi settimanale mensile condiviso scritto personale concreto realistico"
    ).split(),
    "ru": (
        "клиент команда отзыв адаптация неделя проверка владелец обращение продление обещание ожидание "
        "разговор вопрос ответ поддержка успех план цель сроки обновление запись передача обучение доверие "
        "коллега руководитель культура ценность поведение возврат кредит релиз заметка данные интеграция "
        "повестка практика принцип пауза тишина извинение решение граница причина предел честный ясный "
        "рано поздно еженедельный ежемесячный общий письменный личный конкретный реалистичный"
    ).split(),
    "hi": (
        "ग्राहक टीम प्रतिक्रिया ऑनबोर्डिंग सप्ताह समीक्षा मालिक टिकट नवीनीकरण वादा अपेक्षा बातचीत प्रश्न उत्तर "
        "सहायता सफलता योजना लक्ष्य समयरेखा अपडेट रिकॉर्ड प्रशिक्षण भरोसा सहकर्मी प्रबंधक संस्कृति मूल्य व्यवहार "
        "धनवापसी क्रेडिट रिलीज़ नोट डेटा एकीकरण एजेंडा अभ्यास सिद्धांत विराम चुप्पी माफ़ी निर्णय सीमा कारण ईमानदार "
        "स्पष्ट जल्दी देर साप्ताहिक मासिक साझा लिखित व्यक्तिगत ठोस यथार्थवादी"
    ).split(),
}


class Text:
    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng, self.words = rng, WORDS[lang]

    def sentence(self, lo: int = 8, hi: int = 18) -> str:
        words = [self.rng.choice(self.words) for _ in range(self.rng.randint(lo, hi))]
        return (" ".join(words)).capitalize() + "."

    def title(self) -> str:
        return " ".join(self.rng.choice(self.words) for _ in range(self.rng.randint(3, 6))).capitalize()

    def para(self, n: int = 3) -> str:
        return " ".join(self.sentence() for _ in range(n))


def body(kind: str, t: Text, rng: random.Random, steps: int = 8) -> dict:
    r = lambda: rng.choice(ROLES)  # noqa: E731
    if kind == "onboarding-checklist":
        return {
            "onboards": rng.choice(["customer", "employee"]),
            "phases": [
                {
                    "name": t.title(),
                    "when": f"week {i}",
                    "items": [{"task": t.sentence(6, 12), "owner": r(), "details": t.sentence()} for _ in range(5)],
                }
                for i in range(4)
            ],
        }
    if kind == "transparency-guide":
        return {
            "principles": [
                {
                    "name": t.title(),
                    "why": t.para(2),
                    "practices": [t.sentence() for _ in range(3)],
                    "avoid": [t.sentence()],
                }
                for _ in range(4)
            ],
            "expectations": [{"situation": t.sentence(), "say": t.sentence(), "avoid": t.sentence()} for _ in range(3)],
        }
    if kind == "conversation-script":
        ids = [f"step-{i}" for i in range(steps)]
        return {
            "purpose": t.para(2),
            "participants": ["customer-success-manager", "customer"],
            "steps": [
                {
                    "id": ids[i],
                    "speaker": rng.choice(["customer-success-manager", "customer"]),
                    "say": t.para(2),
                    "listen_for": [t.sentence(3, 6)],
                    "tips": [t.sentence()],
                    "branches": [{"if": t.sentence(4, 8), "goto": rng.choice(ids)}],
                }
                for i in range(steps)
            ],
            "never_say": [t.sentence(3, 6)],
        }
    if kind == "role-pairing":
        return {
            "pairs": [
                {
                    "cx_role": "customer-success-manager",
                    "hr_role": "talent-development",
                    "why": t.para(2),
                    "questions": [t.sentence() for _ in range(3)],
                },
                {
                    "cx_role": "support-representative",
                    "hr_role": "employee-relations",
                    "why": t.para(2),
                    "questions": [t.sentence() for _ in range(3)],
                },
            ]
        }
    if kind == "decision-boundaries":
        return {
            "applies_to": ["support-representative"],
            "context": t.para(2),
            "hard_lines": [{"rule": t.sentence(), "why": t.para(1), "escalate_to": "cx-leader"} for _ in range(3)],
            "guidelines": [{"rule": t.sentence(), "why": t.para(1), "examples": [t.sentence()]} for _ in range(3)],
            "no_lines": [{"area": t.sentence(), "why": t.para(1)} for _ in range(2)],
        }
    return {
        "promise": t.sentence(),
        "stages": [
            {
                "name": t.title(),
                "from": "customer-success-manager",
                "to": "support-representative",
                "when": t.sentence(),
                "document": [{"item": t.sentence(), "why": t.sentence()} for _ in range(4)],
                "customer_hears": t.para(1),
            }
            for _ in range(3)
        ],
    }


def generate(n: int, dest: Path, seed: int = 20261123, languages: tuple[str, ...] = ("en", "it", "ru", "hi")) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    init_project(dest, list(languages))
    (dest / "playbooks" / "first-week-for-a-new-teammate.yaml").unlink()
    rng = random.Random(seed)
    ids = [f"pb-{i:05d}" for i in range(n)]
    for i, pid in enumerate(ids):
        kind = KINDS[i % len(KINDS)]
        t = Text(rng, "en")
        data = {
            "id": pid,
            "kind": kind,
            "title": t.title(),
            "summary": t.sentence(),
            "audience": "public" if i % 3 == 0 else "internal",
            "roles": rng.sample(ROLES, 2),
            "owner": rng.choice(ROLES),
            "version": "1.1.0",
            "reviewed": "2026-10-01",
            "tags": [rng.choice(["onboarding", "feedback", "support", "culture", "handoff"])],
            "related": [ids[(i + 7) % n]] if n > 1 and (i % 3 == 0) == ((i + 7) % n % 3 == 0) else [],
            **body(kind, t, rng),
            "changelog": [
                {"version": "1.1.0", "date": "2026-10-01", "note": t.sentence()},
                {"version": "1.0.0", "date": "2026-06-01", "note": t.sentence()},
            ],
        }
        (dest / "playbooks" / f"{pid}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        if i % 4 == 0 and len(languages) > 1:
            lang = languages[1 + (i // 4) % (len(languages) - 1)]
            tt = Text(random.Random(seed + i), lang)
            tr = {
                "id": pid,
                "kind": kind,
                "lang": lang,
                "translates": "1.1.0" if i % 8 else "1.0.0",
                "title": tt.title(),
                "summary": tt.sentence(),
                **body(kind, tt, random.Random(seed + i)),
            }
            (dest / "playbooks" / f"{pid}.{lang}.yaml").write_text(
                yaml.safe_dump(tr, allow_unicode=True, sort_keys=False)
            )
    roles = yaml.safe_load((dest / "playbooks" / "roles.yaml").read_text())
    for k, role in enumerate(roles["roles"]):
        role["path"] = [ids[j] for j in range(k, min(n, k + 60), 9)][:5]
    (dest / "playbooks" / "roles.yaml").write_text(yaml.safe_dump(roles, allow_unicode=True, sort_keys=False))
    return dest


def cached(n: int) -> Path:
    """The corpus for N under bench/out/, generated once."""
    dest = HERE / "out" / f"corpus-{n}"
    stamp = dest / ".complete"
    if not stamp.exists():
        generate(n, dest)
        stamp.write_text("ok")
    return dest


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--playbooks", type=int, default=100)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    print(generate(args.playbooks, args.out or HERE / "out" / f"corpus-{args.playbooks}"))
