import datetime as dt

import pytest

from lindung.audit.models import AuditLog
from lindung.core.errors import ApplicationError
from lindung.registry.models import Person
from lindung.registry.services import person_create, person_update

VILLAGE = "16.04.21.2008"


@pytest.mark.django_db
def test_person_create_saves_and_audits(world):
    person, warnings = person_create(
        actor=world.desa_operator,
        nik="1604216512900001",
        full_name="  Siti   Aminah ",
        region_code=VILLAGE,
        birth_date=dt.date(1990, 12, 25),
        sex="P",
        monthly_income=1_000_000,
    )
    person.refresh_from_db()
    assert person.full_name == "Siti Aminah"
    assert person.name_key == "siti aminah"
    assert person.regency_code == "16.04"
    assert person.created_by == world.desa_operator
    assert warnings == []
    log = AuditLog.objects.get(object_type="registry.person", object_id=str(person.pk))
    assert log.action == "create" and log.actor == world.desa_operator
    assert log.changes["nik"] == [None, "1604216512900001"]


@pytest.mark.django_db
def test_person_create_fills_birth_date_and_sex_from_nik_and_returns_warnings(world):
    person, warnings = person_create(
        actor=world.lahat_manager, nik="1604016512900002", full_name="Rina", region_code=VILLAGE
    )
    assert person.birth_date == dt.date(1990, 12, 25) and person.sex == "P"
    assert warnings == ["Kecamatan pada NIK (16.04.01) berbeda dengan kecamatan alamat (16.04.21)."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"nik": "1604"}, "NIK harus terdiri dari 16 digit angka."),
        ({"full_name": "  "}, "Nama lengkap wajib diisi."),
        ({"region_code": "16.04.21"}, "Kode desa/kelurahan '16.04.21' tidak dikenal."),
        ({"region_code": "15.03.03.1001"}, "di luar wilayah kerja Anda."),
        ({"birth_date": dt.date(2099, 1, 1)}, "Tanggal lahir tidak boleh di masa depan."),
        ({"monthly_income": -5}, "Penghasilan per bulan tidak boleh negatif."),
    ],
)
def test_person_create_rejects_bad_input_and_writes_nothing(world, kwargs, message):
    args = dict(actor=world.desa_operator, nik="1604216512900001", full_name="Siti", region_code=VILLAGE)
    args.update(kwargs)
    with pytest.raises(ApplicationError) as exc:
        person_create(**args)
    assert message in exc.value.message
    assert not Person.objects.exists()
    assert not AuditLog.objects.filter(object_type="registry.person").exists()


@pytest.mark.django_db
def test_duplicate_nik_is_refused(world):
    person_create(actor=world.lahat_manager, nik="1604216512900001", full_name="Siti", region_code=VILLAGE)
    with pytest.raises(ApplicationError, match="NIK ini sudah terdaftar di registri."):
        person_create(
            actor=world.lahat_manager, nik="1604-2165-1290-0001", full_name="Siti 2", region_code=VILLAGE
        )
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_person_update_audits_before_and_after(world):
    person, _ = person_create(
        actor=world.lahat_manager, nik="1604216512900001", full_name="Siti", region_code=VILLAGE
    )
    changed, _ = person_update(
        actor=world.lahat_manager, person=person, data={"full_name": "Siti Aminah", "phone": "0812"}
    )
    assert sorted(changed) == ["full_name", "name_key", "phone"]
    person.refresh_from_db()
    assert person.name_key == "siti aminah"
    log = AuditLog.objects.filter(
        object_type="registry.person", object_id=str(person.pk), action="update"
    ).get()
    assert log.changes["full_name"] == ["Siti", "Siti Aminah"]
    with pytest.raises(ApplicationError, match="Kolom tidak dapat diubah di sini: nik."):
        person_update(actor=world.lahat_manager, person=person, data={"nik": "1604216512900009"})
    with pytest.raises(ApplicationError, match="di luar wilayah kerja Anda"):
        person_update(actor=world.lahat_manager, person=person, data={"region_code": "15.03.03.1001"})
    person.refresh_from_db()
    assert person.region_code == VILLAGE


@pytest.mark.django_db
def test_person_inputs_are_bounded_and_nothing_is_stored(world):
    """Texts longer than their column and absurd amounts or dates are refused with a message, on both
    databases (PostgreSQL would raise, SQLite would store them), and nothing is written."""
    import datetime as dt

    from lindung.core.errors import ApplicationError
    from lindung.registry.models import Person
    from lindung.registry.services import person_create

    base = dict(
        actor=world.desa_operator, nik="1604216512900001", full_name="Siti", region_code="16.04.21.2008"
    )
    with pytest.raises(ApplicationError, match="Telepon paling banyak 20 karakter"):
        person_create(**base, phone="0" * 32)
    with pytest.raises(ApplicationError, match="Pekerjaan paling banyak 100 karakter"):
        person_create(**base, occupation="x" * 133)
    with pytest.raises(ApplicationError, match="terlalu besar"):
        person_create(**base, monthly_income=2**63)
    with pytest.raises(ApplicationError, match="sebelum tahun 1900"):
        person_create(**base, birth_date=dt.date(1, 1, 1))
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_person_create_refuses_a_nik_born_in_the_future(world, monkeypatch):
    monkeypatch.setattr("lindung.registry.services.timezone.localdate", lambda: dt.date(2026, 11, 30))
    with pytest.raises(ApplicationError) as exc:
        person_create(
            actor=world.desa_operator, nik="1604011512260001", full_name="Budi", region_code=VILLAGE
        )
    assert exc.value.code == "nik_invalid"
    assert "Tanggal lahir pada NIK (15-12-2026) ada di masa depan" in exc.value.message
    assert not Person.objects.filter(nik="1604011512260001").exists()
