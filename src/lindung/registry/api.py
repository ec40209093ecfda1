from ninja import Router

router = Router(tags=["Orang dan NIK"])
