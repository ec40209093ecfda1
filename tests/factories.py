"""Named organisations and users for tests (the healthchecks pattern: owner, member, outsider)."""

from __future__ import annotations

from dataclasses import dataclass

from lindung.accounts.models import Organisation, User
from lindung.accounts.services import organisation_create, user_create

PASSWORD = "rahasia-uji-123"  # noqa: S105

LAHAT = "16.04"
LAHAT_DESA = "16.04.21.2008"
MUSI_RAWAS = "16.05"
SAROLANGUN = "15.03"


@dataclass
class World:
    pemkab_lahat: Organisation
    desa: Organisation
    kc_lubuklinggau: Organisation
    pemkab_sarolangun: Organisation
    national: Organisation
    lahat_manager: User
    lahat_viewer: User
    desa_operator: User
    kc_verifier: User
    sarolangun_manager: User
    admin: User
    bpkad_lahat: Organisation | None = None
    lahat_finance: User | None = None
    sarolangun_finance: User | None = None
    lahat_bpjs: User | None = None


def make_world() -> World:
    lahat = organisation_create(
        actor=None, code="pemkab-lahat", name="Pemerintah Kabupaten Lahat", kind="pemkab", area_codes=[LAHAT]
    )
    desa = organisation_create(
        actor=None, code="desa-uji-lahat", name="Pemerintah Desa Uji", kind="desa", area_codes=[LAHAT_DESA]
    )
    kc = organisation_create(
        actor=None,
        code="bpjs-kc-lubuklinggau",
        name="BPJS Ketenagakerjaan KC Lubuk Linggau",
        kind="bpjs_kc",
        area_codes=[MUSI_RAWAS, "16.13", "16.73"],
    )
    saro = organisation_create(
        actor=None,
        code="pemkab-sarolangun",
        name="Pemerintah Kabupaten Sarolangun",
        kind="pemkab",
        area_codes=[SAROLANGUN],
    )
    national = organisation_create(
        actor=None, code="pengelola", name="Pengelola Lindung", kind="sistem", is_national=True
    )

    bpkad_lahat = organisation_create(
        actor=None,
        code="bpkad-lahat",
        name="BPKAD Kabupaten Lahat",
        kind="opd",
        opd_kind="bpkad",
        area_codes=[LAHAT],
    )
    bpkad_saro = organisation_create(
        actor=None,
        code="bpkad-sarolangun",
        name="BPKAD Kabupaten Sarolangun",
        kind="opd",
        opd_kind="bpkad",
        area_codes=[SAROLANGUN],
    )

    kc_muaraenim = organisation_create(
        actor=None,
        code="bpjs-kc-muaraenim",
        name="BPJS Ketenagakerjaan KC Muara Enim",
        kind="bpjs_kc",
        area_codes=["16.03", LAHAT, "16.12"],
    )

    def u(username, org, role, **kw):
        return user_create(
            actor=None, username=username, password=PASSWORD, organisation=org, role=role, **kw
        )

    return World(
        pemkab_lahat=lahat,
        desa=desa,
        kc_lubuklinggau=kc,
        pemkab_sarolangun=saro,
        national=national,
        lahat_manager=u("lahat_manager", lahat, "manager", full_name="Manajer Lahat"),
        lahat_viewer=u("lahat_viewer", lahat, "viewer"),
        desa_operator=u("desa_operator", desa, "operator", full_name="Operator Desa"),
        kc_verifier=u("kc_verifier", kc, "verifier", full_name="Verifikator Cabang"),
        sarolangun_manager=u("sarolangun_manager", saro, "manager"),
        admin=u("admin", national, "admin", is_superuser=True),
        bpkad_lahat=bpkad_lahat,
        lahat_finance=u("lahat_finance", bpkad_lahat, "manager", full_name="Bendahara BPKAD Lahat"),
        sarolangun_finance=u("sarolangun_finance", bpkad_saro, "manager"),
        lahat_bpjs=u("lahat_bpjs", kc_muaraenim, "verifier", full_name="Verifikator KC Muara Enim"),
    )
