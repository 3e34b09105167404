from django.contrib import admin

from .models import Company, CompanyAlias, Mention


class AliasInline(admin.TabularInline):
    model = CompanyAlias
    extra = 1
    fields = ["name", "kind", "case_sensitive"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "hq_country", "website"]
    list_filter = ["kind", "hq_country"]
    search_fields = ["name", "legal_name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [AliasInline]


@admin.register(CompanyAlias)
class CompanyAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "company", "case_sensitive"]
    list_filter = ["kind"]
    search_fields = ["name", "company__name"]
    autocomplete_fields = ["company"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["company", "article", "count", "first_position"]
    search_fields = ["company__name", "article__headline"]
    list_select_related = ["company", "article"]
    raw_id_fields = ["article"]
    autocomplete_fields = ["company"]
