from django.core.management.base import BaseCommand, CommandError

from lindung.accounts.models import ApiToken, User
from lindung.accounts.services import api_token_create, api_token_revoke
from lindung.audit.services import system_actor


class Command(BaseCommand):
    help = "Token API: `token create USERNAME` (token dicetak sendiri di baris terakhir), `token list USERNAME`, `token revoke AWALAN`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Buat token baru untuk pengguna.")
        create.add_argument("username")
        create.add_argument("--name", default="", help="Nama token, mis. aplikasi yang memakainya.")
        listing = sub.add_parser("list", help="Daftar token pengguna.")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Cabut token berdasarkan awalannya.")
        revoke.add_argument("prefix")

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Pengguna {username!r} tidak ditemukan.")
        if not user.is_active:
            raise CommandError(f"Pengguna {username!r} tidak aktif.")
        return user

    @system_actor("cli")
    def handle(self, *args, action, **options):
        if action == "create":
            user = self._user(options["username"])
            _token, secret = api_token_create(actor=None, user=user, name=options["name"])
            self.stdout.write(
                f"Token API untuk {user.username} (simpan sekarang; tidak akan ditampilkan lagi)."
            )
            self.stdout.write("Pakai sebagai header: Authorization: Bearer TOKEN")
            self.stdout.write(secret)
        elif action == "list":
            user = self._user(options["username"])
            for t in ApiToken.objects.filter(user=user).order_by("-created_at"):
                status = "dicabut" if t.revoked_at else "aktif"
                self.stdout.write(f"{t.prefix}  {t.name or '-'}  {t.created_at:%Y-%m-%d %H:%M}  {status}")
        elif action == "revoke":
            tokens = list(
                ApiToken.objects.filter(prefix__startswith=options["prefix"], revoked_at__isnull=True)
            )
            if len(tokens) != 1:
                raise CommandError(
                    f"Awalan {options['prefix']!r} cocok dengan {len(tokens)} token aktif; harus tepat satu."
                )
            api_token_revoke(actor=None, token=tokens[0])
            self.stdout.write(f"Token {tokens[0].prefix}… dicabut.")
