"""The companies desk: registry, funding rounds to confirm, suggestions to triage, merges."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from companies.services.funding import funding_round_confirm, funding_round_reject
from companies.services.merge import company_merge
from companies.services.review import suggestion_accept, suggestion_reject

from .models import (
    AliasKind,
    Company,
    CompanyAlias,
    CompanySlugRedirect,
    FundingRound,
    Mention,
    ReviewStatus,
    Suggestion,
    SuggestionStatus,
)


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _apply_each(model_admin, request, items, service) -> int:
    """Run a bulk action's service on each item; an item the service refuses is reported by
    name with the reason, and the others still go through. Returns how many went through."""
    done = 0
    for item in items:
        try:
            service(item)
        except ValidationError as exc:
            model_admin.message_user(request, f"{item}: {_errors(exc)}", messages.ERROR)
            continue
        done += 1
    return done


class AliasInline(admin.TabularInline):
    model = CompanyAlias
    extra = 1
    fields = ["name", "kind", "case_sensitive"]


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Company.objects.none(),
        widget=forms.RadioSelect,
        label="Keep this company",
        help_text="The others are folded into it: their stories, names, brands, products, "
        "subsidiaries and funding rounds move over, their names become aliases and their old "
        "pages redirect here.",
    )

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = companies


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "hq_city", "hq_country", "ticker", "story_count"]
    list_filter = ["kind", "hq_country"]
    search_fields = ["name", "legal_name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [AliasInline]
    actions = ["merge_companies"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "parent", "description", "website"]}),
        ("Where and when", {"fields": ["hq_city", "hq_country", "founded"]}),
        (
            "Legal and listing",
            {"fields": ["legal_name", "ticker", "exchange"], "classes": ["collapse"]},
        ),
        ("Matching", {"fields": ["case_sensitive"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_count=Count("mentions"))

    @admin.display(description="stories", ordering="story_count")
    def story_count(self, obj):
        return obj.story_count

    @admin.action(description="Merge selected companies into one…")
    def merge_companies(self, request, queryset):
        companies = queryset.order_by("name")
        if companies.count() < 2:
            self.message_user(request, "Select at least two companies to merge.", messages.ERROR)
            return None
        form = MergeForm(request.POST if "do_merge" in request.POST else None, companies=companies)
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["target"]
            merged = []
            for source in companies.exclude(pk=target.pk):
                try:
                    company_merge(source=source, target=target)
                except ValidationError as exc:
                    self.message_user(request, _errors(exc), messages.ERROR)
                    return None
                merged.append(source.name)
            self.message_user(
                request, f"Merged {', '.join(merged)} into {target.name}.", messages.SUCCESS
            )
            return HttpResponseRedirect(reverse("admin:companies_company_change", args=[target.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge companies",
            "form": form,
            "companies": companies.annotate(
                n_mentions=Count("mentions", distinct=True),
                n_aliases=Count("aliases", distinct=True),
                n_rounds=Count("funding_rounds", distinct=True),
                n_led=Count("rounds_led", distinct=True),
                n_joined=Count("rounds_joined", distinct=True),
            ),
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "companies/admin/merge.html", context)


@admin.register(CompanyAlias)
class CompanyAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "company", "case_sensitive"]
    list_filter = ["kind"]
    search_fields = ["name", "company__name"]
    autocomplete_fields = ["company"]
    list_select_related = ["company"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["company", "article", "manual", "count", "first_position"]
    search_fields = ["company__name", "article__headline"]
    list_select_related = ["company", "article"]
    raw_id_fields = ["article"]
    autocomplete_fields = ["company"]
    readonly_fields = ["manual"]

    def save_model(self, request, obj, form, change):
        obj.manual = obj.manual or not change  # one added here is added by hand
        super().save_model(request, obj, form, change)


@admin.register(CompanySlugRedirect)
class CompanySlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "company", "created_at"]
    search_fields = ["old_slug", "company__name"]
    autocomplete_fields = ["company"]
    list_select_related = ["company"]


# --------------------------------------------------------------------------- funding rounds


@admin.register(FundingRound)
class FundingRoundAdmin(admin.ModelAdmin):
    list_display = [
        "company",
        "money",
        "usd",
        "round_label",
        "investors",
        "status",
        "source",
    ]
    list_display_links = ["company", "money"]
    list_filter = ["status", "currency", "round_name"]
    search_fields = ["company__name", "leads__name", "participants__name", "source_sentence"]
    autocomplete_fields = ["company", "leads", "participants"]
    raw_id_fields = ["source_article"]
    readonly_fields = ["status", "reviewed_at", "fingerprint", "created_at", "updated_at"]
    actions = ["confirm_rounds", "reject_rounds"]
    change_form_template = "companies/admin/fundinground_change_form.html"
    fieldsets = [
        (None, {"fields": ["company", "status", "round_name", "announced_on"]}),
        ("Money", {"fields": ["amount", "currency", "amount_is_minimum", "amount_usd"]}),
        ("Investors", {"fields": ["leads", "participants"]}),
        ("Source", {"fields": ["source_article", "source_sentence"]}),
        (
            "Record",
            {
                "fields": ["reviewed_at", "fingerprint", "created_at", "updated_at"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("company", "source_article")
            .prefetch_related(
                Prefetch("leads", queryset=Company.objects.only("name")),
                Prefetch("participants", queryset=Company.objects.only("name")),
            )
        )

    @admin.display(description="amount", ordering="amount")
    def money(self, obj):
        return obj.amount_display or "undisclosed"

    @admin.display(description="USD", ordering="amount_usd")
    def usd(self, obj):
        return obj.amount_usd_display or "—"

    @admin.display(description="round", ordering="round_name")
    def round_label(self, obj):
        return obj.round_name or "—"

    @admin.display(description="investors")
    def investors(self, obj):
        leads = [f"{c.name} (lead)" for c in obj.leads.all()]
        return ", ".join(leads + [c.name for c in obj.participants.all()]) or "—"

    @admin.display(description="stated in")
    def source(self, obj):
        sentence = Truncator(obj.source_sentence).chars(90)
        if obj.source_article_id:
            url = reverse("admin:articles_article_change", args=[obj.source_article_id])
            return format_html('<a href="{}" title="{}">{}</a>', url, obj.source_sentence, sentence)
        return sentence

    @admin.action(description="Confirm selected rounds (readers see them)")
    def confirm_rounds(self, request, queryset):
        done = _apply_each(
            self,
            request,
            queryset.exclude(status=ReviewStatus.CONFIRMED),
            lambda round_: funding_round_confirm(round_=round_),
        )
        self.message_user(request, f"Confirmed {done} round(s).", messages.SUCCESS)

    @admin.action(description="Reject selected rounds")
    def reject_rounds(self, request, queryset):
        done = _apply_each(
            self,
            request,
            queryset.exclude(status=ReviewStatus.REJECTED),
            lambda round_: funding_round_reject(round_=round_),
        )
        self.message_user(request, f"Rejected {done} round(s).", messages.SUCCESS)

    def response_change(self, request, obj):
        for button, service, verb in (
            ("_confirm", funding_round_confirm, "Confirmed"),
            ("_reject", funding_round_reject, "Rejected"),
        ):
            if button in request.POST:
                try:
                    service(round_=obj)
                except ValidationError as exc:
                    self.message_user(request, _errors(exc), messages.ERROR)
                    return HttpResponseRedirect(request.path)
                self.message_user(request, f"{verb}: {obj}.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:companies_fundinground_changelist"))
        return super().response_change(request, obj)


# --------------------------------------------------------------------------- suggestions


class SuggestionForm(forms.ModelForm):
    alias_kind = forms.ChoiceField(
        choices=AliasKind.choices,
        initial=AliasKind.ALIAS,
        required=False,
        label="Add it as",
        help_text="Used with “Accept as a name of the company above”.",
    )

    class Meta:
        model = Suggestion
        fields = ["company"]
        help_texts = {
            "company": "To add the name to an existing company, choose it here, then press "
            "“Accept as a name of the company above”.",
        }


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    form = SuggestionForm
    list_display = ["name", "cue", "seen_in", "first_sentence", "status"]
    list_filter = ["status"]
    search_fields = ["name", "sightings__sentence"]
    readonly_fields = ["name", "cue", "status", "sentences", "reviewed_at"]
    autocomplete_fields = ["company"]
    fields = ["name", "cue", "sentences", "status", "company", "alias_kind", "reviewed_at"]
    actions = ["accept_as_companies", "reject_suggestions"]
    change_form_template = "companies/admin/suggestion_change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n_articles=Count("sightings"))
            .prefetch_related("sightings")
        )

    def has_add_permission(self, request):
        return False  # suggestions come from the stories; add companies directly instead

    @admin.display(description="stories", ordering="n_articles")
    def seen_in(self, obj):
        return obj.n_articles

    @admin.display(description="seen in")
    def sentences(self, obj):
        sightings = obj.sightings.select_related("article")
        return (
            format_html_join(
                "",
                '<p><a href="{}">{}</a><br><q>{}</q></p>',
                (
                    (
                        reverse("admin:articles_article_change", args=[s.article_id]),
                        s.article.headline,
                        s.sentence,
                    )
                    for s in sightings
                ),
            )
            or "—"
        )

    @admin.display(description="sentence")
    def first_sentence(self, obj):
        sightings = obj.sightings.all()
        return Truncator(sightings[0].sentence).chars(140) if sightings else "—"

    @admin.action(description="Accept as new companies (and link their stories)")
    def accept_as_companies(self, request, queryset):
        done = _apply_each(
            self,
            request,
            queryset.filter(status=SuggestionStatus.PENDING),
            lambda suggestion: suggestion_accept(suggestion=suggestion),
        )
        self.message_user(request, f"Created {done} compan(y/ies).", messages.SUCCESS)

    @admin.action(description="Reject (never suggest again)")
    def reject_suggestions(self, request, queryset):
        done = _apply_each(
            self,
            request,
            queryset.filter(status=SuggestionStatus.PENDING),
            lambda suggestion: suggestion_reject(suggestion=suggestion),
        )
        self.message_user(request, f"Rejected {done} suggestion(s).", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        # The decision buttons go through the services; a plain save only keeps the choice.
        if {"_accept_new", "_accept_alias", "_reject"} & set(request.POST):
            return
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        post = request.POST
        try:
            if "_accept_new" in post:
                company = suggestion_accept(suggestion=Suggestion.objects.get(pk=obj.pk))
                message = format_html(
                    'Created <a href="{}">{}</a> and linked its stories.',
                    reverse("admin:companies_company_change", args=[company.pk]),
                    company.name,
                )
            elif "_accept_alias" in post:
                company = obj.company
                if company is None:
                    raise ValidationError("Choose the company this name belongs to.")
                kind = post.get("alias_kind") or AliasKind.ALIAS
                suggestion_accept(
                    suggestion=Suggestion.objects.get(pk=obj.pk), company=company, alias_kind=kind
                )
                message = f"“{obj.name}” is now a name of {company.name}; its stories are linked."
            elif "_reject" in post:
                suggestion_reject(suggestion=obj)
                message = f"Rejected “{obj.name}”; it will not be suggested again."
            else:
                return super().response_change(request, obj)
        except ValidationError as exc:
            self.message_user(request, _errors(exc), messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:companies_suggestion_changelist"))
