'use strict';
// Tags in the article form: the admin's own select2, fed by the admin autocomplete view.
// Values are tag names, so a new tag is simply typed and kept (comma or Enter adds it).
{
    const $ = django.jQuery;
    $(function() {
        $('select.tag-autocomplete').each(function() {
            const element = $(this);
            element.select2({
                tags: true,
                tokenSeparators: [','],
                // Offer existing tags first; the typed text as a new tag comes last.
                createTag: (params) => {
                    const term = params.term.trim();
                    return term ? {id: term, text: term, newTag: true} : null;
                },
                sorter: (results) => [
                    ...results.filter((r) => !r.newTag),
                    ...results.filter((r) => r.newTag),
                ],
                width: 'resolve',
                ajax: {
                    url: element.data('autocomplete-url'),
                    dataType: 'json',
                    delay: 200,
                    data: (params) => ({
                        term: params.term,
                        page: params.page,
                        app_label: 'articles',
                        model_name: 'article',
                        field_name: 'tags',
                    }),
                    processResults: (data) => ({
                        results: data.results.map((tag) => ({id: tag.text, text: tag.text})),
                        pagination: data.pagination,
                    }),
                },
            });
        });
    });
}
