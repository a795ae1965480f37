"""manage.py round: coding rounds from a script (issue 32).

round create NAME --articles ID,… --coders USERNAME,… [--themes SLUG,…] [--blind]
                  [--adjudicator USERNAME]          prints the new round's id
round done ROUND_ID USERNAME [--articles ID,…]    marks a coder's articles done
round close ROUND_ID
round agreement ROUND_ID --format json|csv
"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations import rounds
from annotations.models import CodingRound


def _ids(value: str) -> list[int]:
    try:
        return [int(part) for part in value.split(",") if part.strip()]
    except ValueError as exc:
        raise CommandError(
            f"Article ids are whole numbers separated by commas, not {value!r}."
        ) from exc


def _names(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class Command(BaseCommand):
    help = "Create coding rounds, mark coders' articles done, close rounds, print agreement."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="a new open round; prints its id")
        create.add_argument("name")
        create.add_argument("--articles", required=True, type=_ids)
        create.add_argument("--coders", required=True, type=_names)
        create.add_argument("--themes", type=_names, default=[])
        create.add_argument("--blind", action="store_true")
        create.add_argument("--adjudicator", default="")
        done = actions.add_parser("done", help="mark a coder's articles done")
        done.add_argument("round_id", type=int)
        done.add_argument("username")
        done.add_argument("--articles", type=_ids, default=None)
        close = actions.add_parser("close", help="close a round")
        close.add_argument("round_id", type=int)
        measured = actions.add_parser("agreement", help="Krippendorff's alpha and span F1")
        measured.add_argument("round_id", type=int)
        measured.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, **options) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except rounds.RoundRefused as refused:
            raise CommandError(str(refused)) from refused

    def _round(self, round_id: int) -> CodingRound:
        found = CodingRound.objects.filter(pk=round_id).first()
        if found is None:
            raise CommandError(f"There is no round {round_id}.")
        return found

    def _create(self, options: dict) -> None:
        created = rounds.create_round(
            options["name"], options["articles"], options["coders"], options["themes"],
            blind=options["blind"], adjudicator_name=options["adjudicator"],
        )  # fmt: skip
        self.stdout.write(str(created.pk))

    def _done(self, options: dict) -> None:
        coding_round = self._round(options["round_id"])
        coder = get_user_model().objects.filter(username=options["username"]).first()
        if coder is None:
            raise CommandError(f"No user called {options['username']}.")
        marked = rounds.mark_done(coding_round, coder, options["articles"])
        self.stdout.write(f"{marked} article(s) newly marked done for {coder.get_username()}.")

    def _close(self, options: dict) -> None:
        coding_round = self._round(options["round_id"])
        rounds.close_round(coding_round)
        self.stdout.write(f"Closed “{coding_round}”.")

    def _agreement(self, options: dict) -> None:
        result = rounds.agreement(self._round(options["round_id"]))
        if options["format"] == "csv":
            self.stdout.write(rounds.agreement_csv(result), ending="")
        else:
            self.stdout.write(json.dumps(result, indent=2))
