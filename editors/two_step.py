"""Two-step sign-in for editors: a code from an authenticator app (TOTP, through django-otp)
after the password.

Optional for every editor: once set up, the sign-in form asks for a code every time. With
STAFF_2FA=required, superusers must set it up: until they do, every admin page but this one
(and signing out) sends them here.
"""

import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

CODE_HELP = "The 6-digit code your authenticator app shows now."
# Set in the session at sign-in: whether this person must give a code before using the admin,
# so that no admin request pays a query to find out.
NEEDED = "editors_two_step_needed"


def required_for(user):
    return settings.STAFF_2FA == "required" and user.is_superuser


def must_verify(user):
    """Whether this signed-in person may use the admin only after giving a code."""
    return user.is_authenticated and (user_has_device(user) or required_for(user))


class SignInForm(AdminAuthenticationForm):
    """The admin's sign-in: username and password, then the code for those who set one up."""

    otp_token = forms.CharField(
        label="Code from your authenticator app",
        required=False,
        max_length=8,
        help_text="Only if you have set up two-step sign-in.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            token = "".join(cleaned.get("otp_token", "").split())
            device = match_token(user, token) if token else None
            if device is None:
                raise forms.ValidationError(
                    "Enter the code your authenticator app shows now: "
                    + ("that one was wrong or too old." if token else "you have not entered one."),
                    code="otp",
                )
            # Marked verified once Django has signed them in (see _verify_on_sign_in).
            self.request._otp_device = device
        return cleaned


def _verify_on_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session[NEEDED] = must_verify(user)
    device = getattr(request, "_otp_device", None)
    if device is not None:
        otp_login(request, device)


user_logged_in.connect(_verify_on_sign_in, dispatch_uid="editors.two_step")


class CodeForm(forms.Form):
    code = forms.CharField(label="Code", max_length=8, help_text=CODE_HELP)

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                "Too many wrong codes in a row: wait a few seconds, then enter the one your app "
                "shows."
            )
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                "That code is wrong or too old. Enter the one your app shows now."
            )
        return code


def _spaced(key_hex):
    from base64 import b32encode

    text = b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def setup_view(request):
    """Set up two-step sign-in (or turn it off, where it is not required)."""
    user = request.user
    confirmed = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    context = {**admin.site.each_context(request), "title": "Two-step sign-in"}
    if confirmed is not None:
        form = CodeForm(request.POST or None, device=confirmed)
        verified = user.is_verified()
        if request.method == "POST" and form.is_valid():
            if not verified:  # signed in before setting it up elsewhere: the code now
                otp_login(request, confirmed)
                return redirect("admin:index")
            if not required_for(user):
                TOTPDevice.objects.filter(user=user).delete()
                request.session[NEEDED] = False
                messages.success(
                    request, "Two-step sign-in is off: signing in asks for your password only."
                )
                return redirect("admin:index")
        context |= {
            "device": confirmed,
            "form": form,
            "required": required_for(user),
            "verified": verified,
        }
        return TemplateResponse(request, "admin/two_step.html", context)

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        request.session[NEEDED] = True
        messages.success(
            request, "Two-step sign-in is on: signing in will ask for a code from your app."
        )
        return redirect("admin:index")
    qr = segno.make(device.config_url, error="m")
    context |= {
        "form": form,
        "qr_svg": qr.svg_inline(scale=4, dark="#0b0c0c", light="#ffffff", title="QR code"),
        "secret": _spaced(device.key),
        "required": required_for(user),
    }
    return TemplateResponse(request, "admin/two_step.html", context)


class TwoStepMiddleware:
    """Keep someone who must give a code, and has not, to the two-step page and signing out."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def __call__(self, request):
        if (
            request.path.startswith("/admin/")
            and not request.path.startswith(self._open_paths())
            and request.session.get(NEEDED)
            and not request.user.is_verified()
        ):
            return redirect("editors_two_step")
        return self.get_response(request)

    def _open_paths(self):
        if self._open is None:
            self._open = (
                reverse("editors_two_step"),
                reverse("admin:login"),
                reverse("admin:logout"),
                "/admin/password_reset/",
                "/admin/reset/",
                reverse("admin:jsi18n"),
            )
        return self._open
