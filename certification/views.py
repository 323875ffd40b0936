from django.shortcuts import render


def verify_form(request):
    return render(request, "certification/verify_form.html")
