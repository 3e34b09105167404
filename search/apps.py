from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from . import indexing, signals, tasks  # noqa: F401  (signals keep the index in step)

        if tasks.schedule_refresh not in indexing.REFRESH_SCHEDULERS:
            indexing.REFRESH_SCHEDULERS.append(tasks.schedule_refresh)
