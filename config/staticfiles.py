from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class StaticFilesConfig(DjangoStaticFilesConfig):
    """django.contrib.staticfiles, minus one broken directory of django-viewflow 2.4.

    viewflow ships a second copy of roboto-fontface under viewflow/fonts/roboto/node_modules/ whose
    CSS points at fonts that are not beside it, so the hashing storage of production refuses to
    collect it ("collectstatic" fails). Nothing links to that copy: viewflow's pages use
    viewflow/fonts/roboto/roboto-fontface.css, which is kept.
    """

    ignore_patterns = [
        *DjangoStaticFilesConfig.ignore_patterns,
        "viewflow/fonts/roboto/node_modules/*",
    ]
